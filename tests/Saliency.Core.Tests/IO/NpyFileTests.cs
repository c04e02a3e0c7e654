using System.Buffers.Binary;
using System.Text;
using Saliency.Core.IO;
using Saliency.TestFixtures;

namespace Saliency.Core.Tests.IO;

public class NpyFileTests
{
    [Fact]
    public void Float32_write_then_read_round_trips_exactly()
    {
        using var dir = new TempDir();
        var path = dir.File("map.npy");
        var values = new[] { -1.5f, 0f, 3.25f, float.Epsilon, 1e30f, -0f, 7f, 1f / 3 };
        NpyFile.WriteFloat32(path, values, 2, 4);
        var array = NpyFile.Read(path);
        Assert.Equal(NpyDType.Float32, array.DType);
        Assert.Equal([2, 4], array.Shape);
        Assert.Equal((2, 4), array.GetPlaneSize());
        Assert.Equal(values, array.ToSingleArray());
        Assert.Equal(path, array.Source);
    }

    [Fact]
    public void UInt8_write_then_read_round_trips()
    {
        using var dir = new TempDir();
        var path = dir.File("mask.npy");
        byte[] values = [0, 1, 255, 0, 0, 7];
        NpyFile.WriteUInt8(path, values, 3, 2);
        var array = NpyFile.Read(path);
        Assert.Equal(NpyDType.UInt8, array.DType);
        Assert.Equal([0.0, 1, 255, 0, 0, 7], array.ToDoubleArray());
        Assert.Equal([0, 1, 1, 0, 0, 1], array.ToNonzeroMask());
    }

    [Fact]
    public void Writer_header_is_laid_out_as_numpy_writes_it()
    {
        // numpy.lib.format for a (2, 3) float32 C array: dict "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"
        // (59 chars) + 20 spaces of growth room (21 - len("2")), then spaces and "\n" so that
        // magic (6) + version (2) + length (2) + header is a multiple of 64: 10 + 59 + 20 + pad + 1 = 128 => pad = 38.
        var expectedText = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }" + new string(' ', 58) + "\n";
        var header = NpyFile.Header(NpyDType.Float32, [2, 3]);
        Assert.Equal(128, header.Length);
        Assert.Equal(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, 118, 0 }, header[..10]);
        Assert.Equal(expectedText, Encoding.Latin1.GetString(header, 10, header.Length - 10));

        // 1-d shapes are written "(5,)".
        Assert.Contains("'shape': (5,), ", Encoding.Latin1.GetString(NpyFile.Header(NpyDType.UInt8, [5])), StringComparison.Ordinal);
        Assert.Equal(0, NpyFile.Header(NpyDType.Float32, [256, 1600]).Length % 64);
    }

    public static TheoryData<int, string, byte[], double[]> HandBuiltCases()
    {
        var data = new TheoryData<int, string, byte[], double[]>();
        foreach (var major in new[] { 1, 2 })
        {
            data.Add(major, "<f4", Floats(1.5f, -2f, 0.25f, 8f, 0f, 3f), [1.5, -2, 0.25, 8, 0, 3]);
            data.Add(major, "<f8", Doubles(1.5, -2, 0.1, 8, 0, 3), [1.5, -2, 0.1, 8, 0, 3]);
            data.Add(major, "|u1", [0, 1, 2, 255, 0, 9], [0, 1, 2, 255, 0, 9]);
            data.Add(major, "|b1", [0, 1, 0, 1, 1, 0], [0, 1, 0, 1, 1, 0]);
        }

        data.Add(1, "<i4", Ints(-3, 0, 7, int.MaxValue, 1, 2), [-3, 0, 7, int.MaxValue, 1, 2]);
        data.Add(2, "<i8", Longs(-3, 0, 7, 1L << 40, 1, 2), [-3, 0, 7, 1L << 40, 1, 2]);
        data.Add(3, "<f4", Floats(1, 2, 3, 4, 5, 6), [1, 2, 3, 4, 5, 6]);
        return data;
    }

    [Theory]
    [MemberData(nameof(HandBuiltCases))]
    public void Reads_hand_built_headers(int major, string descr, byte[] payload, double[] expected)
    {
        var bytes = Build(major, $"{{'descr': '{descr}', 'fortran_order': False, 'shape': (2, 3), }}", payload);
        var array = NpyFile.Read(new MemoryStream(bytes), "hand.npy");
        Assert.Equal([2, 3], array.Shape);
        Assert.Equal(expected, array.ToDoubleArray());
        Assert.Equal(expected.Select(v => (float)v), array.ToSingleArray());
    }

    [Fact]
    public void Reads_0d_1d_and_3d_shapes_and_tolerates_trailing_bytes()
    {
        var scalar = NpyFile.Read(new MemoryStream(Build(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (), }", Doubles(4.5))), "s");
        Assert.Empty(scalar.Shape);
        Assert.Equal([4.5], scalar.ToDoubleArray());

        var vector = NpyFile.Read(new MemoryStream(Build(1, "{'descr': '|u1', 'fortran_order': False, 'shape': (3,), }", [1, 2, 3, 99])), "v");
        Assert.Equal([3], vector.Shape);
        Assert.Equal([1.0, 2, 3], vector.ToDoubleArray());

        var image = NpyFile.Read(new MemoryStream(Build(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2, 3), }", Floats(1, 2, 3, 4, 5, 6))), "i");
        Assert.Equal([1, 2, 3], image.Shape);
        Assert.Equal((2, 3), image.GetPlaneSize());

        var rgb = NpyFile.Read(new MemoryStream(Build(1, "{'descr': '|u1', 'fortran_order': False, 'shape': (3, 1, 2), }", [1, 2, 3, 4, 5, 6])), "rgb.npy");
        Assert.Equal([3, 1, 2], rgb.Shape);
        var e = Assert.Throws<InputException>(() => rgb.GetPlaneSize());
        Assert.Equal("shape", e.Field);
        Assert.Contains("rgb.npy", e.Message);
    }

    [Theory]
    [InlineData("NOTNPY", "magic")]
    [InlineData("version4", "version")]
    [InlineData("{'descr': '<c8', 'fortran_order': False, 'shape': (2, 3), }", "descr")]
    [InlineData("{'descr': '>c8', 'fortran_order': False, 'shape': (2, 3), }", "descr")]
    [InlineData("{'descr': '<f4', 'fortran_order': 'yes', 'shape': (2, 3), }", "fortran_order")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, }", "shape")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2, x), }", "shape")]
    [InlineData("{'fortran_order': False, 'shape': (2, 3), }", "descr")]
    [InlineData("not a dict", "header")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 4), }", "data")] // 24 bytes given, 32 needed
    public void Bad_files_give_errors_naming_file_and_field(string header, string field)
    {
        byte[] bytes = header switch
        {
            "NOTNPY" => Encoding.ASCII.GetBytes("NOTNPY and some more bytes"),
            "version4" => Build(4, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", Floats(1, 2, 3, 4, 5, 6)),
            _ => Build(1, header, Floats(1, 2, 3, 4, 5, 6)),
        };
        using var dir = new TempDir();
        var path = dir.File("bad.npy");
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<InputException>(() => NpyFile.Read(path));
        Assert.Equal(field, e.Field);
        Assert.Equal(path, e.File);
        Assert.Contains("bad.npy", e.Message);
    }

    [Fact]
    public void Truncated_header_and_missing_file_are_input_errors()
    {
        var bytes = Build(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", []);
        var e = Assert.Throws<InputException>(() => NpyFile.Read(new MemoryStream(bytes[..20]), "cut.npy"));
        Assert.Equal("header", e.Field);
        Assert.Throws<InputException>(() => NpyFile.Read("/nonexistent/x.npy"));
    }

    [Fact]
    public void Writer_rejects_shape_that_does_not_match_the_values()
    {
        using var dir = new TempDir();
        Assert.Throws<ArgumentException>(() => NpyFile.WriteFloat32(dir.File("x.npy"), new float[6], 2, 4));
    }

    /// <summary>A .npy byte stream with a minimal (unaligned) header of the given format version.</summary>
    internal static byte[] Build(int major, string dict, byte[] payload)
    {
        var text = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetBytes(dict + "\n");
        using var stream = new MemoryStream();
        stream.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)major, 0]);
        var length = new byte[major == 1 ? 2 : 4];
        if (major == 1)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)text.Length);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)text.Length);
        }

        stream.Write(length);
        stream.Write(text);
        stream.Write(payload);
        return stream.ToArray();
    }

    private static byte[] Floats(params float[] v) => v.SelectMany(BitConverter.GetBytes).ToArray();

    private static byte[] Doubles(params double[] v) => v.SelectMany(BitConverter.GetBytes).ToArray();

    private static byte[] Ints(params int[] v) => v.SelectMany(BitConverter.GetBytes).ToArray();

    private static byte[] Longs(params long[] v) => v.SelectMany(BitConverter.GetBytes).ToArray();
}
