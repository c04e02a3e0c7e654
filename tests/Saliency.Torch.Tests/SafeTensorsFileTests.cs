using Saliency.Core;
using Saliency.TestFixtures;
using Saliency.Torch.Model;
using TorchSharp;

namespace Saliency.Torch.Tests;

public class SafeTensorsFileTests
{
    [Fact]
    public void Reads_every_supported_dtype_written_by_hand()
    {
        using var dir = new TempDir();
        var path = dir.File("dtypes.safetensors");
        float[] values = [1.5f, -2.25f, 0f, 65504f, 3.140625f, -0.0009765625f];
        MiniSafeTensorsWriter.Write(
            path,
            [
                new("f64", "F64", [2, 3], values.SelectMany(v => BitConverter.GetBytes((double)v)).ToArray()),
                new("f32", "F32", [3, 2], values.SelectMany(BitConverter.GetBytes).ToArray()),
                new("f16", "F16", [6], values.SelectMany(v => BitConverter.GetBytes((Half)v)).ToArray()),
                new("bf16", "BF16", [6], values.SelectMany(v => BitConverter.GetBytes((ushort)(BitConverter.SingleToInt32Bits(v) >> 16))).ToArray()),
                new("i64", "I64", [2], [.. BitConverter.GetBytes(-5L), .. BitConverter.GetBytes(1L << 40)]),
                new("u8", "U8", [3], [0, 7, 255]),
                new("scalar", "I64", [], BitConverter.GetBytes(9L)),
            ],
            "{\"k\":\"v\"}");

        using var content = SafeTensorsFile.Read(path);
        Assert.Equal("v", content.Metadata["k"]);
        Assert.Equal(values.Select(v => (double)v), content.Tensors["f64"].data<double>().ToArray());
        Assert.Equal([2L, 3L], content.Tensors["f64"].shape);
        Assert.Equal(values, content.Tensors["f32"].data<float>().ToArray());
        Assert.Equal([3L, 2L], content.Tensors["f32"].shape);
        Assert.Equal(values, content.Tensors["f16"].data<float>().ToArray()); // all exactly representable in half
        Assert.Equal(values.Select(v => BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(v) & unchecked((int)0xFFFF0000))),
            content.Tensors["bf16"].data<float>().ToArray());
        Assert.Equal([-5L, 1L << 40], content.Tensors["i64"].data<long>().ToArray());
        Assert.Equal(new byte[] { 0, 7, 255 }, content.Tensors["u8"].data<byte>().ToArray());
        Assert.Empty(content.Tensors["scalar"].shape);
        Assert.Equal(9L, content.Tensors["scalar"].item<long>());
    }

    [Fact]
    public void Write_then_read_round_trips_values_shapes_and_metadata()
    {
        using var dir = new TempDir();
        var path = dir.File("rt.safetensors");
        var tensors = new Dictionary<string, torch.Tensor>
        {
            ["b"] = torch.arange(6, dtype: torch.float32).reshape(2, 3),
            ["a"] = torch.tensor(new long[] { 3, -4 }),
            ["c"] = torch.tensor(new double[] { 0.1 }),
        };
        SafeTensorsFile.Write(path, tensors, new Dictionary<string, string> { ["x"] = "{\"nested\": \"json\"}" });
        using var content = SafeTensorsFile.Read(path);
        Assert.Equal(["a", "b", "c"], content.Tensors.Keys.OrderBy(k => k));
        Assert.Equal([0f, 1f, 2f, 3f, 4f, 5f], content.Tensors["b"].data<float>().ToArray());
        Assert.Equal([2L, 3L], content.Tensors["b"].shape);
        Assert.Equal([3L, -4L], content.Tensors["a"].data<long>().ToArray());
        Assert.Equal([0.1], content.Tensors["c"].data<double>().ToArray());
        Assert.Equal("{\"nested\": \"json\"}", content.Metadata["x"]);
        Assert.Equal(0UL, BitConverter.ToUInt64(File.ReadAllBytes(path), 0) % 8);
    }

    [Fact]
    public void Inconsistent_offsets_and_unknown_dtypes_name_the_tensor()
    {
        using var dir = new TempDir();
        var path = dir.File("bad.safetensors");
        MiniSafeTensorsWriter.Write(path, [new("w", "F32", [3], new byte[8])]);
        var e = Assert.Throws<InputException>(() => SafeTensorsFile.Read(path));
        Assert.Equal("w", e.Field);
        Assert.Contains("needs 12", e.Message);

        MiniSafeTensorsWriter.Write(path, [new("q", "F8_E4M3", [1], new byte[1])]);
        var e2 = Assert.Throws<InputException>(() => SafeTensorsFile.Read(path));
        Assert.Contains("unsupported dtype F8_E4M3", e2.Message);
    }
}
