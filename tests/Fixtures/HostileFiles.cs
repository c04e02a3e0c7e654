using System.Buffers.Binary;
using System.Text;

namespace Saliency.TestFixtures;

/// <summary>
/// Makes hostile variants of real files for the corpus tests: cut short at chosen offsets, a PNG or JPEG whose header
/// declares a huge size (a decompression bomb, CRC kept valid), a PNG whose compressed data is cut while its chunk
/// structure stays whole. The real files come from <see cref="DataPaths"/>; nothing made here is committed.
/// </summary>
public static class HostileFiles
{
    /// <summary>A real Severstal image (a PNG named .jpg, 1600x256).</summary>
    public static string SeverstalPng => Path.Combine(DataPaths.SeverstalSample, "0030401a5.jpg");

    /// <summary>A real NEU-Seg image (baseline JPEG, 200x200).</summary>
    public static string NeuJpeg => Path.Combine(DataPaths.NeuSeg, "images", "test", "000009.jpg");

    /// <summary>The mask of <see cref="NeuJpeg"/> (8-bit PNG, 200x200).</summary>
    public static string NeuMaskPng => Path.Combine(DataPaths.NeuSeg, "masks", "test", "000009.png");

    /// <summary>
    /// Lengths to cut a file of <paramref name="length"/> bytes to: inside the signature, right after it, inside and
    /// right after the first chunk/segments, at each quarter, and at the last bytes (missing end marker, trailer).
    /// </summary>
    public static IReadOnlyList<long> CutLengths(long length) =>
        [.. new[] { 1L, 4, 8, 16, 33, 100, 620, length / 4, length / 2, 3 * length / 4, length - 100, length - 20, length - 12, length - 4, length - 2, length - 1 }
            .Where(n => n > 0 && n < length).Distinct().Order()];

    /// <summary>The first <paramref name="length"/> bytes of <paramref name="source"/>, written to <paramref name="target"/>.</summary>
    public static string WriteCut(string source, string target, long length)
    {
        var bytes = File.ReadAllBytes(source);
        File.WriteAllBytes(target, bytes[..(int)length]);
        return target;
    }

    /// <summary>A copy of a PNG whose IHDR declares <paramref name="width"/> x <paramref name="height"/> (CRC recomputed).</summary>
    public static byte[] PngWithDeclaredSize(byte[] png, uint width, uint height)
    {
        var copy = (byte[])png.Clone();
        RequireChunk(copy, 8, "IHDR");
        BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(16), width);
        BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(20), height);
        BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(29), Crc32(copy.AsSpan(12, 17)));
        return copy;
    }

    /// <summary>
    /// A PNG with every chunk whole and valid (CRCs included) and an IEND, whose image data (the zlib stream over all
    /// IDAT chunks) is cut to <paramref name="fraction"/> of its length: only a decoder can tell it is incomplete.
    /// </summary>
    public static byte[] PngWithShortImageData(byte[] png, double fraction)
    {
        var chunks = Chunks(png);
        var data = chunks.Where(c => c.Type == "IDAT").SelectMany(c => c.Data).ToArray();
        var kept = data[..(int)(data.Length * fraction)];
        using var output = new MemoryStream();
        output.Write(png.AsSpan(0, 8));
        bool idatWritten = false;
        foreach (var (type, chunkData) in chunks)
        {
            if (type == "IDAT")
            {
                if (!idatWritten)
                {
                    WriteChunk(output, "IDAT", kept);
                    idatWritten = true;
                }

                continue;
            }

            WriteChunk(output, type, chunkData);
        }

        return output.ToArray();
    }

    /// <summary>A copy of a baseline/progressive JPEG whose SOF segment declares <paramref name="width"/> x <paramref name="height"/>.</summary>
    public static byte[] JpegWithDeclaredSize(byte[] jpeg, ushort width, ushort height)
    {
        var copy = (byte[])jpeg.Clone();
        int pos = 2;
        while (pos + 4 <= copy.Length)
        {
            byte marker = copy[pos + 1];
            int length = BinaryPrimitives.ReadUInt16BigEndian(copy.AsSpan(pos + 2));
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(pos + 5), height);
                BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(pos + 7), width);
                return copy;
            }

            pos += 2 + length;
        }

        throw new InvalidOperationException("no SOF segment found");
    }

    /// <summary>A 24-bit uncompressed BMP (bottom-up rows padded to 4 bytes) of a grey image.</summary>
    public static byte[] Bmp24(int width, int height, byte[] gray)
    {
        int rowBytes = ((width * 3) + 3) / 4 * 4;
        var bmp = new byte[54 + (rowBytes * height)];
        bmp[0] = (byte)'B';
        bmp[1] = (byte)'M';
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(2), bmp.Length);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(10), 54);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(18), width);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(22), height);
        BinaryPrimitives.WriteInt16LittleEndian(bmp.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(bmp.AsSpan(28), 24);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(34), rowBytes * height);
        for (int y = 0; y < height; y++)
        {
            int row = 54 + ((height - 1 - y) * rowBytes);
            for (int x = 0; x < width; x++)
            {
                byte v = gray[(y * width) + x];
                bmp[row + (3 * x)] = v;
                bmp[row + (3 * x) + 1] = v;
                bmp[row + (3 * x) + 2] = v;
            }
        }

        return bmp;
    }

    /// <summary>The CRC-32 of PNG chunks (ISO 3309, polynomial 0xEDB88320).</summary>
    public static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        uint crc = 0xFFFFFFFF;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }

        return ~crc;
    }

    private static List<(string Type, byte[] Data)> Chunks(byte[] png)
    {
        var chunks = new List<(string, byte[])>();
        int pos = 8;
        while (pos + 12 <= png.Length)
        {
            int length = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(pos));
            var type = Encoding.ASCII.GetString(png, pos + 4, 4);
            chunks.Add((type, png[(pos + 8)..(pos + 8 + length)]));
            pos += 12 + length;
            if (type == "IEND")
            {
                break;
            }
        }

        return chunks;
    }

    private static void WriteChunk(Stream output, string type, byte[] data)
    {
        var buffer = new byte[12 + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(buffer, (uint)data.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(buffer, 4);
        data.CopyTo(buffer, 8);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(8 + data.Length), Crc32(buffer.AsSpan(4, 4 + data.Length)));
        output.Write(buffer);
    }

    private static void RequireChunk(byte[] png, int offset, string type)
    {
        if (Encoding.ASCII.GetString(png, offset + 4, 4) != type)
        {
            throw new InvalidOperationException($"expected chunk {type} at byte {offset}");
        }
    }
}
