using System.Buffers.Binary;
using System.Text;
using Saliency.Core.Data;
using Saliency.TestFixtures;

namespace Saliency.Core.Tests.Data;

public class PatchSetFormatTests
{
    private static readonly PatchSetDescription Description = new(
        "toy", ["a", "b", "c"], PatchWidth: 5, PatchHeight: 3,
        new Dictionary<string, string> { ["blackThreshold"] = "10", ["note"] = "x" });

    /// <summary>Seven patches with distinct pixels, masks, labels and provenance.</summary>
    private static List<PatchRecord> Patches()
    {
        byte[] labels = [0, 1, 2, 3, 255, 1, 0];
        return [.. Enumerable.Range(0, labels.Length).Select(i => new PatchRecord(
            [.. Enumerable.Range(0, 15).Select(p => (byte)((i * 31) + (p * 7)))],
            [.. Enumerable.Range(0, 15).Select(p => (byte)((i + p) % 4))],
            labels[i],
            new PatchProvenance($"img{i / 2}", i % 2, 100 + (i / 2))))];
    }

    private static string Write(TempDir dir)
    {
        var path = dir.File("toy.pset");
        PatchSetWriter.Write(path, Description, Patches());
        return path;
    }

    private static void AssertSame(PatchRecord expected, PatchSet set, int i)
    {
        Assert.Equal(expected.Pixels, set.Pixels(i));
        Assert.Equal(expected.Mask, set.Mask(i));
        Assert.Equal(expected.Label, set.Label(i));
        Assert.Equal(expected.Provenance, set.Provenance(i));
    }

    [Fact]
    public void Round_trip_keeps_every_field()
    {
        using var dir = new TempDir();
        var path = Write(dir);
        var set = PatchSet.Load(path);
        var patches = Patches();
        Assert.Equal(patches.Count, set.Count);
        Assert.Equal(0, set.Start);
        for (int i = 0; i < patches.Count; i++)
        {
            AssertSame(patches[i], set, i);
        }

        Assert.Equal("toy", set.Header.Dataset);
        Assert.Equal(["a", "b", "c"], set.Header.ClassNames);
        Assert.Equal((5, 3), (set.Header.PatchWidth, set.Header.PatchHeight));
        Assert.Equal("x", set.Header.Options["note"]);
        Assert.Equal(1, set.Header.FormatVersion);
        Assert.False(File.Exists(path + ".pixels.tmp"));
    }

    [Theory]
    [InlineData(0, 7)]
    [InlineData(2, 3)]
    [InlineData(6, 1)]
    [InlineData(3, 0)]
    public void Shard_equals_slice_of_full_load(int start, int count)
    {
        using var dir = new TempDir();
        var path = Write(dir);
        var full = PatchSet.Load(path);
        using var reader = PatchSetReader.Open(path);
        Assert.Equal(7, reader.Header.Count);
        var shard = reader.ReadRange(start, count);
        Assert.Equal(count, shard.Count);
        Assert.Equal(start, shard.Start);
        for (int i = 0; i < count; i++)
        {
            AssertSame(full.Patch(start + i), shard, i);
        }
    }

    [Fact]
    public void Range_outside_the_file_is_rejected()
    {
        using var dir = new TempDir();
        using var reader = PatchSetReader.Open(Write(dir));
        Assert.Throws<ArgumentOutOfRangeException>(() => reader.ReadRange(5, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => reader.ReadRange(-1, 1));
    }

    [Fact]
    public void Blocks_are_contiguous_at_the_documented_offsets()
    {
        // Independent reading of the layout: pixels of patch i at P + i*15, where P follows the aligned records.
        using var dir = new TempDir();
        var bytes = File.ReadAllBytes(Write(dir));
        Assert.Equal("SALPATCH", Encoding.ASCII.GetString(bytes, 0, 8));
        int headerLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12));
        int Align(int x) => (x + 63) / 64 * 64;
        int records = Align(16 + headerLength);
        int pixels = Align(records + (7 * 16));
        int masks = Align(pixels + (7 * 15));
        Assert.Equal(masks + (7 * 15), bytes.Length);
        var patches = Patches();
        Assert.Equal(patches[4].Label, bytes[records + (4 * 16)]);
        Assert.Equal(patches[3].Pixels, bytes.AsSpan(pixels + (3 * 15), 15).ToArray());
        Assert.Equal(patches[6].Mask, bytes.AsSpan(masks + (6 * 15), 15).ToArray());
    }

    [Fact]
    public void Empty_set_round_trips()
    {
        using var dir = new TempDir();
        var path = dir.File("empty.pset");
        PatchSetWriter.Write(path, Description, []);
        Assert.Equal(0, PatchSet.Load(path).Count);
    }

    [Theory]
    [InlineData("magic", "not a patch-set file")]
    [InlineData("version", "unsupported patch-set format version 9")]
    [InlineData("json", "not valid JSON")]
    [InlineData("headerLength", "does not fit")]
    [InlineData("truncated", "truncated or corrupt")]
    [InlineData("trailing", "truncated or corrupt")]
    [InlineData("label", "invalid label 7")]
    [InlineData("tiny", "shorter than")]
    public void Corrupted_file_gives_a_clear_error(string damage, string expected)
    {
        using var dir = new TempDir();
        var path = Write(dir);
        var bytes = File.ReadAllBytes(path);
        int headerLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12));
        int records = (16 + headerLength + 63) / 64 * 64;
        bytes = damage switch
        {
            "magic" => [.. "XALPATCH"u8.ToArray(), .. bytes[8..]],
            "version" => [.. bytes[..8], 9, 0, 0, 0, .. bytes[12..]],
            "json" => [.. bytes[..16], (byte)'#', .. bytes[17..]],
            "headerLength" => [.. bytes[..12], 255, 255, 255, 0, .. bytes[16..]],
            "truncated" => bytes[..^1],
            "trailing" => [.. bytes, 0],
            "label" => [.. bytes[..records], 7, .. bytes[(records + 1)..]],
            "tiny" => bytes[..10],
            _ => throw new ArgumentException(damage),
        };
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<InputException>(() => PatchSet.Load(path));
        Assert.Contains(expected, e.Message);
        Assert.Contains("toy.pset", e.Message);
    }

    [Fact]
    public void Missing_file_is_an_input_error()
    {
        using var dir = new TempDir();
        Assert.Contains("not found", Assert.Throws<InputException>(() => PatchSet.Load(dir.File("none.pset"))).Message);
    }

    [Fact]
    public void Writer_rejects_bad_patches()
    {
        using var dir = new TempDir();
        using var writer = new PatchSetWriter(dir.File("w.pset"), Description);
        var ok = new byte[15];
        Assert.Throws<ArgumentException>(() => writer.Add(new byte[14], ok, 0, new PatchProvenance("a", 0, 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Add(ok, ok, 4, new PatchProvenance("a", 0, 0)));
        var badMask = new byte[15];
        badMask[3] = 4;
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Add(ok, badMask, 0, new PatchProvenance("a", 0, 0)));
    }
}
