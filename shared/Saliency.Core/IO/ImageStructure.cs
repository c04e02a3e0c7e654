using System.Buffers.Binary;
using System.Text;

namespace Saliency.Core.IO;

/// <summary>
/// Checks that a PNG or JPEG file is whole before it is decoded: a PNG's chunks (IHDR first) must each fit in the
/// file and end with IEND; a JPEG's segments and entropy-coded scans must each fit and end with the EOI marker.
/// Bytes after IEND/EOI are allowed (decoders ignore them). Other formats are left to the decoder. A decoder may
/// fill the rows a truncated file no longer holds and report success (libpng does when only the zlib trailer and
/// IEND are missing); this check does not depend on that.
/// </summary>
internal static class ImageStructure
{
    private static ReadOnlySpan<byte> PngSignature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <exception cref="InputException">The PNG or JPEG ends early or is malformed (field <c>data</c>).</exception>
    public static void CheckComplete(ReadOnlySpan<byte> bytes, string name)
    {
        if (bytes.StartsWith(PngSignature))
        {
            CheckPng(bytes, name);
        }
        else if (bytes.Length >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF)
        {
            CheckJpeg(bytes, name);
        }
    }

    private static void CheckPng(ReadOnlySpan<byte> bytes, string name)
    {
        long offset = PngSignature.Length;
        bool first = true;
        while (true)
        {
            if (offset + 8 > bytes.Length)
            {
                throw Truncated(name, bytes.Length, $"PNG ends at byte {bytes.Length} before its IEND chunk");
            }

            uint length = BinaryPrimitives.ReadUInt32BigEndian(bytes[(int)offset..]);
            var type = Encoding.ASCII.GetString(bytes.Slice((int)offset + 4, 4));
            if (length > int.MaxValue)
            {
                throw new InputException($"corrupt PNG: chunk '{type}' at byte {offset} declares {length} bytes", file: name, field: "data");
            }

            if (first && type != "IHDR")
            {
                throw new InputException($"corrupt PNG: the first chunk is '{type}', not IHDR", file: name, field: "data");
            }

            long end = offset + 12 + length;
            if (end > bytes.Length)
            {
                throw Truncated(name, bytes.Length, $"PNG chunk '{type}' at byte {offset} needs {12 + length} bytes, the file ends {bytes.Length - offset} bytes into it");
            }

            if (type == "IEND")
            {
                return;
            }

            first = false;
            offset = end;
        }
    }

    private static void CheckJpeg(ReadOnlySpan<byte> bytes, string name)
    {
        int pos = 2;
        while (true)
        {
            while (pos < bytes.Length && bytes[pos] == 0xFF && pos + 1 < bytes.Length && bytes[pos + 1] == 0xFF)
            {
                pos++; // fill bytes before a marker
            }

            if (pos + 2 > bytes.Length)
            {
                throw Truncated(name, bytes.Length, $"JPEG ends at byte {bytes.Length} before its EOI marker");
            }

            if (bytes[pos] != 0xFF)
            {
                throw new InputException($"corrupt JPEG: expected a marker at byte {pos}, found 0x{bytes[pos]:X2}", file: name, field: "data");
            }

            byte marker = bytes[pos + 1];
            if (marker == 0xD9)
            {
                return; // EOI
            }

            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                pos += 2; // markers without a length
                continue;
            }

            if (pos + 4 > bytes.Length)
            {
                throw Truncated(name, bytes.Length, $"JPEG ends inside the marker 0xFF{marker:X2} at byte {pos}");
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(bytes[(pos + 2)..]);
            if (length < 2)
            {
                throw new InputException($"corrupt JPEG: segment 0xFF{marker:X2} at byte {pos} declares length {length}", file: name, field: "data");
            }

            int end = pos + 2 + length;
            if (end > bytes.Length)
            {
                throw Truncated(name, bytes.Length, $"JPEG segment 0xFF{marker:X2} at byte {pos} needs {2 + length} bytes, the file ends {bytes.Length - pos} bytes into it");
            }

            pos = end;
            if (marker == 0xDA)
            {
                // Entropy-coded data: runs to the next marker that is not a stuffed 0xFF00 or a restart marker.
                int scanStart = pos;
                while (true)
                {
                    if (pos + 1 >= bytes.Length)
                    {
                        throw Truncated(name, bytes.Length, $"JPEG scan data from byte {scanStart} runs to the end of the file without an EOI marker");
                    }

                    if (bytes[pos] == 0xFF && bytes[pos + 1] is not (0x00 or 0xFF or (>= 0xD0 and <= 0xD7)))
                    {
                        break;
                    }

                    pos++;
                }
            }
        }
    }

    private static InputException Truncated(string name, int length, string detail) =>
        new($"truncated image: {detail} ({length} bytes in the file)", file: name, field: "data");
}
