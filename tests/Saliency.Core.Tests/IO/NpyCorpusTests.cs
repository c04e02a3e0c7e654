using System.Text.Json;
using Saliency.Core.IO;

namespace Saliency.Core.Tests.IO;

/// <summary>
/// numpy interop: every file of the golden corpus (written by real numpy with IO/NpyCorpus/make_npy_corpus.py:
/// every numeric dtype, little- and big-endian, C and Fortran order, 2-D and 3-D, format versions 1 to 3, a
/// transposed mask) reads to the shape and values numpy.load gives (stored by the script in expected.json).
/// </summary>
public class NpyCorpusTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "NpyCorpus");

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var entry in Expected().Values)
        {
            data.Add(entry.GetProperty("file").GetString()!);
        }

        return data;
    }

    private static Dictionary<string, JsonElement> Expected()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "expected.json")));
        return json.RootElement.GetProperty("files").EnumerateArray()
            .ToDictionary(e => e.GetProperty("file").GetString()!, e => e.Clone());
    }

    [Fact]
    public void Corpus_covers_every_dtype_both_byte_orders_and_both_memory_orders()
    {
        var entries = Expected().Values.ToList();
        Assert.Equal(Directory.GetFiles(Folder, "*.npy").Length, entries.Count);
        var descrs = entries.Select(e => e.GetProperty("descr").GetString()!).ToHashSet();
        foreach (var kind in new[] { "b1", "i1", "u1", "i2", "u2", "i4", "u4", "i8", "u8", "f2", "f4", "f8" })
        {
            Assert.Contains(descrs, d => d.EndsWith(kind, StringComparison.Ordinal));
        }

        Assert.Contains(descrs, d => d.StartsWith('>'));
        Assert.Contains(entries, e => e.GetProperty("fortran_order").GetBoolean());
        Assert.Contains(entries, e => e.GetProperty("version").GetString() == "2.0");
        Assert.Contains(entries, e => e.GetProperty("version").GetString() == "3.0");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Reads_the_values_numpy_reads(string file)
    {
        var expected = Expected()[file];
        var array = NpyFile.Read(Path.Combine(Folder, file));
        Assert.Equal(expected.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()), array.Shape);
        var values = expected.GetProperty("values").EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String
            ? v.GetString() switch
            {
                "nan" => double.NaN,
                "inf" => double.PositiveInfinity,
                "-inf" => double.NegativeInfinity,
                var other => throw new InvalidOperationException(other),
            }
            : v.GetDouble()).ToArray();
        var actual = array.ToDoubleArray();
        Assert.Equal(values.Length, actual.Length);
        for (int i = 0; i < values.Length; i++)
        {
            // Bit for bit, so -0.0 and each NaN/infinity must match too.
            Assert.True(
                BitConverter.DoubleToInt64Bits(values[i]) == BitConverter.DoubleToInt64Bits(actual[i]) || (double.IsNaN(values[i]) && double.IsNaN(actual[i])),
                $"{file}: element {i} (C order) is {actual[i]:R}, numpy reads {values[i]:R}");
        }
    }

    [Fact]
    public void Transposed_mask_saved_by_numpy_reads_as_a_mask_and_a_transposed_map_as_a_map()
    {
        // numpy writes a transposed (Fortran-contiguous) array with fortran_order True; it used to be refused.
        var maskPath = Path.Combine(Folder, "mask_uint8_transposed.npy");
        var expected = Expected()["mask_uint8_transposed.npy"];
        var mask = MaskFile.Read(maskPath);
        Assert.Equal((6, 4), (mask.Width, mask.Height)); // saved as (6, 4).T, i.e. shape (4, 6)
        Assert.Equal(expected.GetProperty("values").EnumerateArray().Select(v => v.GetDouble() != 0 ? (byte)1 : (byte)0), mask.Pixels);

        var boolMask = MaskFile.Read(Path.Combine(Folder, "mask_bool_transposed.npy"));
        Assert.Equal(mask.Pixels, boolMask.Pixels);

        var (values, height, width) = SaliencyMapFile.Read(Path.Combine(Folder, "map_float32_be_transposed.npy"));
        Assert.Equal((7, 5), (height, width));
        Assert.Equal(
            Expected()["map_float32_be_transposed.npy"].GetProperty("values").EnumerateArray().Select(v => (float)v.GetDouble()),
            values);
    }

    [Fact]
    public void Fortran_order_big_endian_network_input_reads_as_numpy_shows_it()
    {
        var input = InputImageFile.Read(Path.Combine(Folder, "map_int16_be_f_v3.npy"));
        var expected = Expected()["map_int16_be_f_v3.npy"].GetProperty("values").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
        Assert.Equal((4, 3), (input.Height, input.Width));
        Assert.Equal([.. expected, .. expected, .. expected], input.Values);
    }
}
