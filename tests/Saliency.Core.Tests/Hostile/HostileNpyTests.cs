using System.Buffers.Binary;
using Saliency.Core.IO;
using Saliency.Core.Tests.IO;
using Saliency.TestFixtures;

namespace Saliency.Core.Tests.Hostile;

/// <summary>
/// Corpus: .npy files whose header lies about the data (a shape bigger than the file), whose header is itself huge
/// or malformed, or that are cut short at every offset. Each is an <see cref="InputException"/> naming the file and
/// the field, and a lying size is refused before anything of that size is allocated.
/// </summary>
public class HostileNpyTests
{
    private static readonly string Corpus = Path.Combine(AppContext.BaseDirectory, "NpyCorpus");

    private static InputException AssertRefused(byte[] bytes, string field, string? contains = null)
    {
        using var dir = new TempDir();
        var path = dir.File("hostile.npy");
        File.WriteAllBytes(path, bytes);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InputException>(() => NpyFile.Read(path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(path, e.File);
        Assert.True(field == e.Field, $"field {e.Field}, expected {field}: {e.Message}");
        Assert.StartsWith($"{path}: {field}: ", e.Message);
        if (contains is not null)
        {
            Assert.Contains(contains, e.Message);
        }

        Assert.True(allocated < 4 << 20, $"refusing {e.Message} allocated {allocated} bytes");
        return e;
    }

    private static byte[] Dict(string dict, int dataBytes = 0, int major = 1) => NpyFileTests.Build(major, dict, new byte[dataBytes]);

    [Theory]
    [InlineData("(30000, 30000)", "|u1", "needs 900000000 bytes after the header, found 16")] // 900 MB declared, 16 present
    [InlineData("(2000000000,)", "|b1", "needs 2000000000 bytes")]
    [InlineData("(100000, 100000)", "<f8", "is too large")]
    [InlineData("(4, 5)", "<f4", "needs 80 bytes after the header, found 16")]
    public void Shape_that_claims_more_data_than_the_file_holds_is_refused_before_allocating(string shape, string descr, string message)
    {
        AssertRefused(Dict($"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}", 16), descr == "<f8" ? "shape" : "data", message);
    }

    [Fact]
    public void Huge_header_length_is_refused_without_reading_it()
    {
        // Version 2 has a 4-byte header length: 4 GB declared, a few bytes present.
        var bytes = Dict("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", 24, major: 2);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), 0xFFFF_FFF0);
        AssertRefused(bytes, "header", "header length 4294967280 is more than the 10000 bytes numpy.load accepts");

        // Within numpy's limit but longer than the file.
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), 9000);
        AssertRefused(bytes, "header", "truncated header: it declares 9000 bytes");

        // A real header padded past numpy's 10 000-byte limit (numpy.load refuses it too).
        AssertRefused(Dict("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }" + new string(' ', 10_000), 24), "header", "more than the 10000 bytes");
    }

    [Theory]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), 'shape': (100000, 100000), }", "shape", "appears twice")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), 'extra': 1, }", "header", "unexpected key 'extra'")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)", "header", "the header ends")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2, -3), }", "shape", "expected a non-negative axis length")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (6), }", "shape", "'(n,)'")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999, 1), }", "shape", "too large")]
    [InlineData("{'descr': '<f4', 'fortran_order': 0, 'shape': (2, 3), }", "fortran_order", "unexpected value")]
    [InlineData("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }", "descr", "structured dtypes")]
    [InlineData("{'descr': '<c8', 'fortran_order': False, 'shape': (2, 3), }", "descr", "unsupported dtype '<c8'")]
    [InlineData("{'descr': '|O', 'fortran_order': False, 'shape': (2, 3), }", "descr", "unsupported dtype '|O'")]
    [InlineData("{'descr': '<U4', 'fortran_order': False, 'shape': (2, 3), }", "descr", "unsupported dtype")]
    [InlineData("{'descr': '<f4', 'shape': (2, 3), }", "fortran_order", "no 'fortran_order' key")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), } trailing", "header", "unexpected text after the header dict")]
    [InlineData("__import__('os').system('echo hi')", "header", "expected '{'")]
    public void Malformed_header_is_refused_naming_the_field(string dict, string field, string message)
    {
        AssertRefused(Dict(dict, 96), field, message);
    }

    [Fact]
    public void Real_numpy_files_cut_at_every_offset_are_refused()
    {
        foreach (var name in new[] { "map_float64_1xHxW.npy", "int16_be_f_3d.npy", "map_int16_be_f_v3.npy" })
        {
            var bytes = File.ReadAllBytes(Path.Combine(Corpus, name));
            int lengthSize = bytes[6] == 1 ? 2 : 4;
            int dataStart = 8 + lengthSize + (int)(lengthSize == 2 ? BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8)) : BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)));
            Assert.NotEmpty(NpyFile.Read(new MemoryStream(bytes), name).ToDoubleArray()); // the whole file reads
            for (int cut = 0; cut < bytes.Length; cut++)
            {
                var field = cut < 8 ? "magic" : cut < dataStart ? "header" : "data";
                AssertRefused(bytes[..cut], field, cut >= dataStart ? "truncated data" : null);
            }
        }
    }
}
