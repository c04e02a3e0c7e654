using System.Text;

namespace Saliency.Core.Data;

/// <summary>
/// Binary layout of a patch-set file (little-endian), version 1:
/// <code>
/// offset 0   8 bytes  magic "SALPATCH"
///        8   uint32   format version (1)
///        12  uint32   header length H in bytes
///        16  H bytes  header, UTF-8 JSON: dataset, classNames, patchWidth, patchHeight, count, options, sources
///        R   count x 16-byte records: label (u8), 3 zero bytes, source index (i32, into "sources"),
///                                     patch index (i32), group (i32)
///        P   count x (patchWidth*patchHeight) bytes: pixels, patch after patch, row-major
///        M   count x (patchWidth*patchHeight) bytes: masks, same layout
/// </code>
/// R, P and M are each rounded up to a multiple of 64 (zero padding), and the file ends right after the mask block,
/// so any index range [start, end) is three contiguous byte ranges: one seek per block.
/// </summary>
internal static class PatchSetFormat
{
    public const int Version = 1;
    public const int PrefixLength = 16;
    public const int RecordLength = 16;
    public const int Alignment = 64;
    public const int MaxHeaderLength = 256 * 1024 * 1024;

    public static ReadOnlySpan<byte> Magic => "SALPATCH"u8;

    public static long Align(long offset) => (offset + Alignment - 1) / Alignment * Alignment;

    /// <summary>Block offsets and the total file length for a header of <paramref name="headerLength"/> bytes.</summary>
    public static (long Records, long Pixels, long Masks, long End) Layout(int headerLength, int count, int pixelsPerPatch)
    {
        long records = Align(PrefixLength + (long)headerLength);
        long pixels = Align(records + ((long)count * RecordLength));
        long masks = Align(pixels + ((long)count * pixelsPerPatch));
        long end = masks + ((long)count * pixelsPerPatch);
        return (records, pixels, masks, end);
    }

    public static string MagicText => Encoding.ASCII.GetString(Magic);
}
