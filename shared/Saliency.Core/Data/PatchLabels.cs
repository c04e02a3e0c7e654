namespace Saliency.Core.Data;

/// <summary>
/// Patch labels as stored in a patch set (one byte per patch): <see cref="NoDefect"/> (0) when the patch's mask is
/// empty, the defect class id (1..K) when the mask touches exactly one class, <see cref="Multiple"/> (255) when it
/// touches several. Labels 0..K are directly usable as classifier targets; multiple-class patches are kept in the
/// file for counting but are excluded from training and benchmarking (<see cref="IsSingle"/>).
/// </summary>
public static class PatchLabels
{
    public const byte NoDefect = 0;
    public const byte Multiple = 255;

    /// <summary>True for "no defect" and single-class labels, false for <see cref="Multiple"/>.</summary>
    public static bool IsSingle(byte label) => label != Multiple;

    /// <summary>The label of a patch from the set of defect classes its mask touches (bit c set = class c).</summary>
    public static byte FromClassBits(int classBits) => classBits switch
    {
        0 => NoDefect,
        _ when (classBits & (classBits - 1)) == 0 => (byte)System.Numerics.BitOperations.TrailingZeroCount(classBits),
        _ => Multiple,
    };

    /// <summary>The label of a mask (class ids per pixel, 0 = background).</summary>
    public static byte FromMask(ReadOnlySpan<byte> mask)
    {
        int bits = 0;
        foreach (byte v in mask)
        {
            bits |= 1 << Math.Min((int)v, 31);
        }

        return FromClassBits(bits & ~1);
    }
}
