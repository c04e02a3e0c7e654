using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Saliency.Core.IO;

/// <summary>
/// Reads and writes numpy's .npy format (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html).
/// Reading accepts what <c>numpy.load</c> accepts for plain numeric arrays: format versions 1.0, 2.0 and 3.0; bool,
/// signed and unsigned integers of 1, 2, 4 and 8 bytes and floats of 2, 4 and 8 bytes (<see cref="NpyDType"/>),
/// little- or big-endian (<c>&lt;</c>, <c>&gt;</c>; <c>|</c> and <c>=</c> mean this machine's order); C or Fortran
/// order (Fortran data is reordered to C order, so a transposed array numpy saved reads as numpy shows it); any
/// number of dimensions. Bytes after the data are ignored, as numpy does. The header is parsed as the Python dict
/// literal it is (<see cref="NpyHeader"/>): exactly the keys <c>descr</c>, <c>fortran_order</c> and <c>shape</c>.
/// Sizes are checked before allocation: a header longer than numpy's own 10 000-byte limit, or a header or shape
/// that declares more bytes than the file holds, is refused without reading it.
/// Writing: float32 or uint8 in C order with a version 1.0 header laid out byte for byte as numpy writes it (keys
/// sorted, 21-digit growth space for the first axis, padded with spaces so the data starts at a multiple of 64 bytes).
/// Every problem is an <see cref="InputException"/> naming the file and the field (<c>magic</c>, <c>version</c>,
/// <c>header</c>, <c>descr</c>, <c>fortran_order</c>, <c>shape</c>, <c>data</c>).
/// </summary>
public static class NpyFile
{
    /// <summary>Longest header read, in bytes: numpy.load's own default limit (<c>max_header_size</c>).</summary>
    public const int MaxHeaderLength = 10_000;

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
    /// <remarks>Sizes are checked before anything is allocated: the header length against
    /// <see cref="MaxHeaderLength"/> and, for a seekable stream, the header and the data the shape declares
    /// against the bytes the stream has.</remarks>
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
        if (headerLength > MaxHeaderLength)
        {
            throw new InputException(
                $"header length {headerLength} is more than the {MaxHeaderLength} bytes numpy.load accepts", file: name, field: "header");
        }

        if (stream.CanSeek && headerLength > stream.Length - stream.Position)
        {
            throw new InputException(
                $"truncated header: it declares {headerLength} bytes, the file has {stream.Length - stream.Position} after the length field",
                file: name,
                field: "header");
        }

        var headerBytes = new byte[headerLength];
        if (stream.ReadAtLeast(headerBytes, headerBytes.Length, throwOnEndOfStream: false) < headerBytes.Length)
        {
            throw new InputException($"truncated header: expected {headerLength} bytes", file: name, field: "header");
        }

        var header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(headerBytes);
        var parsed = NpyHeader.Parse(header, name);
        int itemSize = NpyArray.ItemSize(parsed.DType);
        if (parsed.Count > Array.MaxLength / itemSize)
        {
            throw new InputException(
                $"array of shape {NpyArray.ShapeText(parsed.Shape)} of {parsed.Descr} is too large ({parsed.Count} elements)", file: name, field: "shape");
        }

        long byteCount = parsed.Count * itemSize;
        var data = ReadData(stream, byteCount, name, parsed);
        if (parsed.BigEndian && itemSize > 1)
        {
            for (int i = 0; i < data.Length; i += itemSize)
            {
                data.AsSpan(i, itemSize).Reverse();
            }
        }

        if (parsed.FortranOrder && parsed.Shape.Length > 1)
        {
            data = FortranToC(data, parsed.Shape, itemSize);
        }

        return new NpyArray(name, parsed.DType, parsed.Shape, data);
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

    private static string DescrOf(NpyDType dtype) => NpyHeader.LittleEndianDescr(dtype);

    /// <summary>The data block: exactly <paramref name="byteCount"/> bytes, checked against what the stream holds
    /// before the buffer is allocated (a header that lies about its size costs nothing).</summary>
    private static byte[] ReadData(Stream stream, long byteCount, string name, NpyHeader header)
    {
        string Short(long found) =>
            $"truncated data: shape {NpyArray.ShapeText(header.Shape)} of {header.Descr} needs {byteCount} bytes after the header, found {found}";

        if (stream.CanSeek)
        {
            long available = stream.Length - stream.Position;
            if (available < byteCount)
            {
                throw new InputException(Short(available), file: name, field: "data");
            }

            var data = new byte[byteCount];
            stream.ReadExactly(data);
            return data;
        }

        // Unknown length: grow with what actually arrives, never to more than the declared size.
        using var buffer = new MemoryStream();
        var chunk = new byte[1 << 16];
        while (buffer.Length < byteCount)
        {
            int read = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, byteCount - buffer.Length));
            if (read == 0)
            {
                throw new InputException(Short(buffer.Length), file: name, field: "data");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>Reorders column-major (Fortran) element bytes into row-major (C) order for the same shape.</summary>
    private static byte[] FortranToC(byte[] data, int[] shape, int itemSize)
    {
        int dims = shape.Length;
        var fortranStride = new long[dims];
        fortranStride[0] = 1;
        for (int k = 1; k < dims; k++)
        {
            fortranStride[k] = fortranStride[k - 1] * shape[k - 1];
        }

        long count = data.Length / itemSize;
        var result = new byte[data.Length];
        var index = new int[dims];
        long source = 0;
        for (long c = 0; c < count; c++)
        {
            data.AsSpan((int)(source * itemSize), itemSize).CopyTo(result.AsSpan((int)(c * itemSize)));
            for (int k = dims - 1; k >= 0; k--)
            {
                index[k]++;
                source += fortranStride[k];
                if (index[k] < shape[k])
                {
                    break;
                }

                source -= fortranStride[k] * shape[k];
                index[k] = 0;
            }
        }

        return result;
    }
}
