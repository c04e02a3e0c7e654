using Saliency.Core.IO;

namespace Saliency.Core.Metrics;

/// <summary>
/// Everything the pointing games need from one defect mask, computed once and shared by every map scored against it:
/// the binary mask M (1 = defect) and the normalised distance D = EDT(to the nearest defect pixel) / sqrt(H^2 + W^2),
/// which is 0 on defect pixels and below 1 everywhere. Row-major H x W. Immutable and thread-safe.
/// For an empty mask (no defect pixel) <see cref="IsEmpty"/> is true and every distance is +infinity; the scorer
/// reports such masks as undefined rather than using those distances.
/// </summary>
public sealed class MaskDistanceField
{
    private readonly byte[] _mask;
    private readonly double[] _distance;

    private MaskDistanceField(int height, int width, byte[] mask, double[] distance, int defectPixels)
    {
        Height = height;
        Width = width;
        _mask = mask;
        _distance = distance;
        DefectPixelCount = defectPixels;
    }

    public int Height { get; }

    public int Width { get; }

    /// <summary>Number of defect pixels (nonzero in the source mask).</summary>
    public int DefectPixelCount { get; }

    /// <summary>True when the mask has no defect pixel.</summary>
    public bool IsEmpty => DefectPixelCount == 0;

    /// <summary>The image diagonal, sqrt(H^2 + W^2), in pixels: the distance normaliser.</summary>
    public double Diagonal => Math.Sqrt(((double)Height * Height) + ((double)Width * Width));

    /// <summary>M, row-major: 1 on defect pixels, 0 elsewhere.</summary>
    public ReadOnlySpan<byte> Mask => _mask;

    /// <summary>D, row-major: Euclidean distance to the nearest defect pixel divided by <see cref="Diagonal"/>.</summary>
    public ReadOnlySpan<double> NormalisedDistance => _distance;

    /// <summary>Builds the field from a row-major H x W mask in which any nonzero value marks a defect pixel.</summary>
    public static MaskDistanceField FromMask(ReadOnlySpan<byte> mask, int height, int width)
    {
        var squared = EuclideanDistanceTransform.SquaredDistances(mask, height, width);
        var binary = new byte[mask.Length];
        var distance = new double[mask.Length];
        int defects = 0;
        double diagonal = Math.Sqrt(((double)height * height) + ((double)width * width));
        for (int i = 0; i < mask.Length; i++)
        {
            if (mask[i] != 0)
            {
                binary[i] = 1;
                defects++;
            }

            distance[i] = Math.Sqrt(squared[i]) / diagonal;
        }

        return new MaskDistanceField(height, width, binary, distance, defects);
    }

    /// <summary>Builds the field from an 8-bit mask image (nonzero = defect).</summary>
    public static MaskDistanceField FromMask(GrayImage mask) => FromMask(mask.Pixels, mask.Height, mask.Width);
}
