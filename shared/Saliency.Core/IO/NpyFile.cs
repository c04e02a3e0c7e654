using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Saliency.Core.IO;

/// <summary>
/// Reads and writes numpy's .npy format (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html).
/// Reading: format versions 1.0, 2.0 and 3.0; dtypes <c>|b1</c>, <c>|u1</c>, <c>&lt;i4</c>, <c>&lt;i8</c>,
/// <c>&lt;f4</c>, <c>&lt;f8</c> (1-byte types also as <c>&lt;</c>, <c>=</c>; no big-endian); C order only; any
/// number of dimensions. Bytes after the data are ignored, as numpy does. Writing: float32 or uint8 in C order with a
/// version 1.0 header laid out byte for byte as numpy writes it (keys sorted, 21-digit growth space for the first
/// axis, padded with spaces so the data starts at a multiple of 64 bytes).
/// Every problem is an <see cref="InputException"/> naming the file and the field (<c>magic</c>, <c>version</c>,
/// <c>header</c>, <c>descr</c>, <c>fortran_order</c>, <c>shape</c>, <c>data</c>).
/// </summary>
public static partial class NpyFile
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Reads a .npy file.</summary>
    /// <exception cref="InputException">Missing file or malformed/unsupported content.</exception>
    public static NpyArray Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputException("file not found", file: path);
        }

        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    /// <summary>True when the file starts with the .npy magic string.</summary>
    public static bool HasNpyMagic(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> head = stackalloc byte[6];
        return stream.ReadAtLeast(head, 6, throwOnEndOfStream: false) == 6 && head.SequenceEqual(Magic);
    }

    /// <summary>Reads a .npy array from a stream; <paramref name="name"/> is used in error messages.</summary>
    public static NpyArray Read(Stream stream, string name)
    {
        Span<byte> prefix = stackalloc byte[8];
        if (stream.ReadAtLeast(prefix, 8, throwOnEndOfStream: false) < 8 || !prefix[..6].SequenceEqual(Magic))
        {
            throw new InputException("not a .npy file (bad magic string; expected \\x93NUMPY)", file: name, field: "magic");
        }

        int major = prefix[6], minor = prefix[7];
        if (major is < 1 or > 3 || minor != 0)
        {
            throw new InputException($"unsupported .npy format version {major}.{minor} (supported: 1.0, 2.0, 3.0)", file: name, field: "version");
        }

        int lengthSize = major == 1 ? 2 : 4;
        Span<byte> lengthBytes = stackalloc byte[4];
        if (stream.ReadAtLeast(lengthBytes[..lengthSize], lengthSize, throwOnEndOfStream: false) < lengthSize)
        {
            throw new InputException("truncated header length", file: name, field: "header");
        }

        long headerLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(lengthBytes) : BinaryPrimitives.ReadUInt32LittleEndian(lengthBytes);
        if (headerLength > 1 << 20)
        {
            throw new InputException($"header length {headerLength} is implausibly large", file: name, field: "header");
        }

        var headerBytes = new byte[headerLength];
        if (stream.ReadAtLeast(headerBytes, headerBytes.Length, throwOnEndOfStream: false) < headerBytes.Length)
        {
            throw new InputException($"truncated header: expected {headerLength} bytes", file: name, field: "header");
        }

        var header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(headerBytes);
        var (dtype, shape, count) = ParseHeader(header, name);

        long byteCount = count * NpyArray.ItemSize(dtype);
        var data = new byte[byteCount];
        int read = stream.ReadAtLeast(data, data.Length, throwOnEndOfStream: false);
        if (read < data.Length)
        {
            throw new InputException(
                $"truncated data: shape {NpyArray.ShapeText(shape)} of {DescrOf(dtype)} needs {byteCount} bytes after the header, found {read}",
                file: name,
                field: "data");
        }

        return new NpyArray(name, dtype, shape, data);
    }

    /// <summary>Writes float32 values (C order) with the given shape, e.g. <c>[height, width]</c>.</summary>
    public static void WriteFloat32(string path, ReadOnlySpan<float> values, params int[] shape)
    {
        var bytes = Float32Bytes(values, shape);
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }

        File.WriteAllBytes(path, bytes);
    }

    /// <summary>The whole <c>.npy</c> file (header and data) of float32 values (C order) with the given shape.</summary>
    public static byte[] Float32Bytes(ReadOnlySpan<float> values, params int[] shape)
    {
        CheckCount(values.Length, shape);
        var header = Header(NpyDType.Float32, shape);
        var bytes = new byte[header.Length + (values.Length * 4)];
        header.CopyTo(bytes, 0);
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(header.Length + (4 * i)), values[i]);
        }

        return bytes;
    }

    /// <summary>Writes uint8 values (C order) with the given shape, e.g. a 0/1 mask <c>[height, width]</c>.</summary>
    public static void WriteUInt8(string path, ReadOnlySpan<byte> values, params int[] shape)
    {
        CheckCount(values.Length, shape);
        WriteFile(path, NpyDType.UInt8, shape, values.ToArray());
    }

    /// <summary>The version 1.0 header (magic to newline) numpy writes for a C-order array of this dtype and shape.</summary>
    public static byte[] Header(NpyDType dtype, IReadOnlyList<int> shape)
    {
        var dict = $"{{'descr': '{DescrOf(dtype)}', 'fortran_order': False, 'shape': {NpyArray.ShapeText(shape)}, }}";
        if (shape.Count > 0)
        {
            // numpy leaves room for the first axis to grow to 21 digits, so appending can rewrite the header in place.
            dict += new string(' ', 21 - shape[0].ToString(CultureInfo.InvariantCulture).Length);
        }

        int unpadded = Magic.Length + 2 + 2 + dict.Length + 1;
        int padding = 64 - (unpadded % 64);
        var text = dict + new string(' ', padding) + "\n";
        var bytes = new byte[Magic.Length + 4 + text.Length];
        Magic.CopyTo(bytes, 0);
        bytes[6] = 1;
        bytes[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), checked((ushort)text.Length));
        Encoding.Latin1.GetBytes(text).CopyTo(bytes, 10);
        return bytes;
    }

    private static void WriteFile(string path, NpyDType dtype, int[] shape, byte[] data)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }

        using var file = File.Create(path);
        file.Write(Header(dtype, shape));
        file.Write(data);
    }

    private static void CheckCount(int length, int[] shape)
    {
        long expected = 1;
        foreach (var axis in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(axis, nameof(shape));
            expected *= axis;
        }

        if (expected != length)
        {
            throw new ArgumentException($"shape {NpyArray.ShapeText(shape)} needs {expected} values, got {length}", nameof(shape));
        }
    }

    private static string DescrOf(NpyDType dtype) => dtype switch
    {
        NpyDType.Bool => "|b1",
        NpyDType.UInt8 => "|u1",
        NpyDType.Int32 => "<i4",
        NpyDType.Int64 => "<i8",
        NpyDType.Float32 => "<f4",
        _ => "<f8",
    };

    private static (NpyDType DType, int[] Shape, long Count) ParseHeader(string header, string name)
    {
        var trimmed = header.Trim();
        if (!trimmed.StartsWith('{') || !trimmed.EndsWith('}'))
        {
            throw new InputException("header is not a Python dict literal", file: name, field: "header");
        }

        var descr = DescrPattern().Match(trimmed);
        if (!descr.Success)
        {
            throw new InputException("header has no 'descr' string", file: name, field: "descr");
        }

        var dtype = ParseDescr(descr.Groups[1].Value, name);

        var fortran = FortranPattern().Match(trimmed);
        if (!fortran.Success)
        {
            throw new InputException("header has no 'fortran_order' True/False", file: name, field: "fortran_order");
        }

        if (fortran.Groups[1].Value == "True")
        {
            throw new InputException(
                "Fortran (column-major) order is not supported; save a C-order array (numpy.ascontiguousarray)",
                file: name,
                field: "fortran_order");
        }

        var shapeMatch = ShapePattern().Match(trimmed);
        if (!shapeMatch.Success)
        {
            throw new InputException("header has no 'shape' tuple", file: name, field: "shape");
        }

        var parts = shapeMatch.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries);
        var axes = new List<int>();
        for (int i = 0; i < parts.Length; i++)
        {
            var part = parts[i].TrimEnd('L');
            if (part.Length == 0 && i == parts.Length - 1)
            {
                continue; // trailing comma
            }

            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var axis))
            {
                throw new InputException($"bad axis length '{parts[i]}' in ({shapeMatch.Groups[1].Value})", file: name, field: "shape");
            }

            axes.Add(axis);
        }

        long count = 1;
        foreach (var axis in axes)
        {
            count *= axis;
            if (count > Array.MaxLength / 8)
            {
                throw new InputException($"array of shape ({shapeMatch.Groups[1].Value}) is too large", file: name, field: "shape");
            }
        }

        return (dtype, axes.ToArray(), count);
    }

    private static NpyDType ParseDescr(string descr, string name)
    {
        // One-byte types have no byte order; numpy writes '|' but any order character means the same.
        if (descr.Length == 3 && descr[0] is '|' or '<' or '=' or '>' && descr[1..] is "u1" or "b1")
        {
            return descr[1] == 'u' ? NpyDType.UInt8 : NpyDType.Bool;
        }

        if (descr.Length == 3 && descr[0] == '>')
        {
            throw new InputException($"big-endian dtype '{descr}' is not supported; save little-endian ('<')", file: name, field: "descr");
        }

        return descr switch
        {
            "<f4" => NpyDType.Float32,
            "<f8" => NpyDType.Float64,
            "<i4" => NpyDType.Int32,
            "<i8" => NpyDType.Int64,
            _ => throw new InputException($"unsupported dtype '{descr}' (supported: |b1, |u1, <i4, <i8, <f4, <f8)", file: name, field: "descr"),
        };
    }

    [GeneratedRegex(@"['""]descr['""]\s*:\s*['""]([^'""]*)['""]")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"['""]fortran_order['""]\s*:\s*(True|False)\b")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"['""]shape['""]\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
