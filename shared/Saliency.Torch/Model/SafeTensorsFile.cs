using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;
using Saliency.Core;
using static TorchSharp.torch;

namespace Saliency.Torch.Model;

/// <summary>
/// Reads and writes the safetensors format (https://huggingface.co/docs/safetensors): an 8-byte little-endian
/// header length N, N bytes of UTF-8 JSON <c>{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__":
/// {string: string}}</c>, then the raw little-endian tensor bytes (offsets relative to the end of the header).
/// Reading supports F64, F32, F16, BF16 (both half types are widened to float32), I64, I32, I16, I8, U8 and BOOL;
/// writing supports float32/float64/int64/int32/uint8/bool tensors. Tensors are created on the CPU.
/// </summary>
public static class SafeTensorsFile
{
    /// <summary>Header key that holds the free-form string map.</summary>
    public const string MetadataKey = "__metadata__";

    private const long MaxHeaderBytes = 100L * 1024 * 1024;

    /// <summary>True when the file starts like a safetensors file (a plausible header length and a '{'), also when it is
    /// too short for the header it declares (a file cut short is then reported as truncated by <see cref="Read"/>).</summary>
    public static bool LooksLikeSafeTensors(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> start = stackalloc byte[9];
        if (stream.Read(start) < 9)
        {
            return false;
        }

        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(start);
        return headerLength >= 2 && headerLength <= MaxHeaderBytes && start[8] == (byte)'{';
    }

    /// <summary>Reads all tensors and the metadata map; errors name the file and the tensor at fault.</summary>
    public static SafeTensorsContent Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 8)
        {
            throw new InputException($"not a safetensors file: {bytes.Length} bytes, shorter than the 8-byte header length", path);
        }

        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > MaxHeaderBytes)
        {
            throw new InputException($"not a safetensors file: header length {headerLength} is more than {MaxHeaderBytes} bytes", path, field: "header");
        }

        if (headerLength > (ulong)(bytes.Length - 8))
        {
            throw new InputException(
                $"truncated safetensors file: the header declares {headerLength} bytes, the file has {bytes.Length - 8} after the 8-byte length",
                path,
                field: "header");
        }

        int dataStart = 8 + (int)headerLength;
        JsonDocument header;
        try
        {
            header = JsonDocument.Parse(bytes.AsMemory(8, (int)headerLength));
        }
        catch (JsonException e)
        {
            throw new InputException($"safetensors header is not valid JSON: {e.Message}", path, inner: e);
        }

        using (header)
        {
            if (header.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InputException("safetensors header is not a JSON object", path);
            }

            var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            try
            {
                foreach (var entry in header.RootElement.EnumerateObject())
                {
                    if (entry.Name == MetadataKey)
                    {
                        ReadMetadata(entry.Value, metadata, path);
                        continue;
                    }

                    tensors[entry.Name] = ReadTensor(entry.Name, entry.Value, bytes, dataStart, path);
                }
            }
            catch
            {
                foreach (var t in tensors.Values)
                {
                    t.Dispose();
                }

                throw;
            }

            return new SafeTensorsContent(tensors, metadata);
        }
    }

    /// <summary>
    /// Writes <paramref name="tensors"/> (any device; copied to the CPU, made contiguous) in name order with the
    /// optional metadata map. The header is padded with spaces to a multiple of 8 bytes, as the reference writer does.
    /// </summary>
    public static void Write(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var blobs = new List<(string Name, string DType, long[] Shape, byte[] Data)>();
        foreach (var (name, tensor) in tensors.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            if (name == MetadataKey)
            {
                throw new ArgumentException($"a tensor cannot be named {MetadataKey}", nameof(tensors));
            }

            using var cpu = tensor.detach().cpu().contiguous();
            blobs.Add((name, DTypeName(cpu.dtype, name), cpu.shape, RawBytes(cpu)));
        }

        var json = new MemoryStream();
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                writer.WriteStartObject(MetadataKey);
                foreach (var (key, value) in metadata.OrderBy(m => m.Key, StringComparer.Ordinal))
                {
                    writer.WriteString(key, value);
                }

                writer.WriteEndObject();
            }

            long offset = 0;
            foreach (var (name, dtype, shape, data) in blobs)
            {
                writer.WriteStartObject(name);
                writer.WriteString("dtype", dtype);
                writer.WriteStartArray("shape");
                foreach (long d in shape)
                {
                    writer.WriteNumberValue(d);
                }

                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(offset);
                writer.WriteNumberValue(offset + data.Length);
                writer.WriteEndArray();
                writer.WriteEndObject();
                offset += data.Length;
            }

            writer.WriteEndObject();
        }

        int padding = (int)((8 - (json.Length % 8)) % 8);
        for (int i = 0; i < padding; i++)
        {
            json.WriteByte((byte)' ');
        }

        using var file = File.Create(path);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)json.Length);
        file.Write(length);
        json.Position = 0;
        json.CopyTo(file);
        foreach (var blob in blobs)
        {
            file.Write(blob.Data);
        }
    }

    private static void ReadMetadata(JsonElement element, Dictionary<string, string> metadata, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new InputException($"{MetadataKey} must be an object of strings", path, field: MetadataKey);
        }

        foreach (var item in element.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
            {
                throw new InputException($"metadata value '{item.Name}' is not a string", path, field: MetadataKey);
            }

            metadata[item.Name] = item.Value.GetString()!;
        }
    }

    private static Tensor ReadTensor(string name, JsonElement info, byte[] bytes, int dataStart, string path)
    {
        if (info.ValueKind != JsonValueKind.Object
            || !info.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String
            || !info.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array
            || !info.TryGetProperty("data_offsets", out var offsetsElement) || offsetsElement.ValueKind != JsonValueKind.Array
            || offsetsElement.GetArrayLength() != 2)
        {
            throw new InputException("tensor entry needs dtype (string), shape (array) and data_offsets ([begin, end])", path, field: name);
        }

        string dtype = dtypeElement.GetString()!;
        long[] shape;
        long begin, end;
        try
        {
            shape = shapeElement.EnumerateArray().Select(d => d.GetInt64()).ToArray();
            begin = offsetsElement[0].GetInt64();
            end = offsetsElement[1].GetInt64();
        }
        catch (FormatException e)
        {
            throw new InputException("shape and data_offsets must be integers", path, field: name, inner: e);
        }

        if (shape.Any(d => d < 0))
        {
            throw new InputException($"negative dimension in shape [{string.Join(", ", shape)}]", path, field: name);
        }

        int elementSize = ElementSize(dtype, name, path);
        long count = shape.Aggregate(1L, (a, d) => a * d);
        long dataLength = bytes.Length - dataStart;
        if (begin < 0 || end < begin || end > dataLength)
        {
            throw new InputException($"data_offsets [{begin}, {end}] outside the {dataLength}-byte data section (file truncated?)", path, field: name);
        }

        if (end - begin != count * elementSize)
        {
            throw new InputException(
                $"data_offsets span {end - begin} bytes but shape [{string.Join(", ", shape)}] of {dtype} needs {count * elementSize}", path, field: name);
        }

        var span = bytes.AsSpan(dataStart + (int)begin, (int)(end - begin));
        return dtype switch
        {
            "F32" => tensor(MemoryMarshal.Cast<byte, float>(span).ToArray(), shape),
            "F64" => tensor(MemoryMarshal.Cast<byte, double>(span).ToArray(), shape),
            "F16" => tensor(MemoryMarshal.Cast<byte, Half>(span).ToArray().Select(h => (float)h).ToArray(), shape),
            "BF16" => tensor(MemoryMarshal.Cast<byte, ushort>(span).ToArray().Select(b => BitConverter.Int32BitsToSingle(b << 16)).ToArray(), shape),
            "I64" => tensor(MemoryMarshal.Cast<byte, long>(span).ToArray(), shape),
            "I32" => tensor(MemoryMarshal.Cast<byte, int>(span).ToArray(), shape),
            "I16" => tensor(MemoryMarshal.Cast<byte, short>(span).ToArray(), shape),
            "I8" => tensor(MemoryMarshal.Cast<byte, sbyte>(span).ToArray(), shape),
            "U8" => tensor(span.ToArray(), shape),
            "BOOL" => tensor(span.ToArray().Select(b => b != 0).ToArray(), shape),
            _ => throw new InputException($"unsupported dtype {dtype}", path, field: name),
        };
    }

    private static int ElementSize(string dtype, string name, string path) => dtype switch
    {
        "F64" or "I64" => 8,
        "F32" or "I32" => 4,
        "F16" or "BF16" or "I16" => 2,
        "I8" or "U8" or "BOOL" => 1,
        _ => throw new InputException($"unsupported dtype {dtype} (supported: F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL)", path, field: name),
    };

    private static string DTypeName(ScalarType type, string name) => type switch
    {
        ScalarType.Float32 => "F32",
        ScalarType.Float64 => "F64",
        ScalarType.Int64 => "I64",
        ScalarType.Int32 => "I32",
        ScalarType.Byte => "U8",
        ScalarType.Bool => "BOOL",
        _ => throw new ArgumentException($"tensor '{name}': cannot write dtype {type} to safetensors"),
    };

    private static byte[] RawBytes(Tensor cpu) => cpu.dtype switch
    {
        ScalarType.Float32 => MemoryMarshal.AsBytes(cpu.data<float>().ToArray().AsSpan()).ToArray(),
        ScalarType.Float64 => MemoryMarshal.AsBytes(cpu.data<double>().ToArray().AsSpan()).ToArray(),
        ScalarType.Int64 => MemoryMarshal.AsBytes(cpu.data<long>().ToArray().AsSpan()).ToArray(),
        ScalarType.Int32 => MemoryMarshal.AsBytes(cpu.data<int>().ToArray().AsSpan()).ToArray(),
        ScalarType.Byte => cpu.data<byte>().ToArray(),
        ScalarType.Bool => cpu.data<bool>().ToArray().Select(b => b ? (byte)1 : (byte)0).ToArray(),
        _ => throw new ArgumentException($"cannot write dtype {cpu.dtype} to safetensors"),
    };
}
