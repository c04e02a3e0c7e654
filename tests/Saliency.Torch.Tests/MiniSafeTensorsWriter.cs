using System.Text;

namespace Saliency.Torch.Tests;

/// <summary>A minimal safetensors writer written for the tests, independent of the one under test.</summary>
internal static class MiniSafeTensorsWriter
{
    public sealed record Entry(string Name, string DType, long[] Shape, byte[] Data);

    public static Entry F32(string name, long[] shape, float[] values) =>
        new(name, "F32", shape, Bytes(values, sizeof(float)));

    public static Entry I64(string name, long[] shape, long[] values) =>
        new(name, "I64", shape, Bytes(values, sizeof(long)));

    private static byte[] Bytes(Array values, int size)
    {
        var bytes = new byte[values.Length * size];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        return bytes;
    }

    public static void Write(string path, IEnumerable<Entry> entries, string? metadataJson = null)
    {
        var list = entries.ToList();
        var header = new StringBuilder("{");
        if (metadataJson is not null)
        {
            header.Append("\"__metadata__\":").Append(metadataJson).Append(',');
        }

        long offset = 0;
        foreach (var e in list)
        {
            header.Append($"\"{e.Name}\":{{\"dtype\":\"{e.DType}\",\"shape\":[{string.Join(",", e.Shape)}],\"data_offsets\":[{offset},{offset + e.Data.Length}]}},");
            offset += e.Data.Length;
        }

        header.Length--; // trailing comma
        header.Append('}');
        var headerBytes = Encoding.UTF8.GetBytes(header.ToString());
        using var file = File.Create(path);
        file.Write(BitConverter.GetBytes((ulong)headerBytes.Length));
        file.Write(headerBytes);
        foreach (var e in list)
        {
            file.Write(e.Data);
        }
    }

    /// <summary>Writes a resnet18 state dict of the given float weights (num_batches_tracked = 7).</summary>
    public static void WriteResNet18(string path, int classes, Dictionary<string, float[]> weights, Func<string, bool>? keep = null, IEnumerable<Entry>? extra = null)
    {
        var entries = ResNet18Spec.Entries(classes)
            .Where(e => keep is null || keep(e.Name))
            .Select(e => e.Name.EndsWith("num_batches_tracked", StringComparison.Ordinal)
                ? I64(e.Name, e.Shape, [7])
                : F32(e.Name, e.Shape, weights[e.Name]))
            .Concat(extra ?? []);
        Write(path, entries);
    }
}
