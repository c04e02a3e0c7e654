using Saliency.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace Saliency.Torch.Methods;

/// <summary>
/// Gaussian blur of an N x C x H x W tensor, per channel, as <c>scipy.ndimage.gaussian_filter(plane, sigma,
/// mode='reflect', truncate=truncate)</c>: a separable kernel exp(-d^2 / (2 sigma^2)) of radius
/// floor(truncate x sigma + 0.5) px (41 taps for sigma 5 at the default truncate 4, which keeps all but ~6e-5 of the
/// Gaussian's mass; truncate 2 keeps 95 %), weights normalised to sum 1; scipy's <c>reflect</c> padding, which
/// repeats the edge pixel (d c b a | a b c d), extended periodically so that a kernel wider than the image is fine;
/// output the size of the input. Computed in the input's dtype from a float64 kernel.
/// </summary>
public static class GaussianBlur
{
    /// <summary>scipy.ndimage's default truncation, in sigmas.</summary>
    public const double DefaultTruncate = 4;

    public static Tensor Apply(Tensor input, double sigma, double truncate = DefaultTruncate)
    {
        if (!(sigma > 0) || !double.IsFinite(sigma))
        {
            throw new InputException($"blur sigma must be > 0, got {sigma}", field: "sigma");
        }

        if (!(truncate > 0) || !double.IsFinite(truncate))
        {
            throw new InputException($"blur truncate must be > 0, got {truncate}", field: "truncate");
        }

        var weights = Kernel(sigma, truncate);
        int radius = weights.Length / 2;
        long height = input.shape[2], width = input.shape[3];
        using var scope = NewDisposeScope();

        // Separable, each direction one matrix product with a banded matrix that has the padding folded in
        // (M[i, reflect(i + d)] += w[d]): out = M_h x image x M_w^T per plane. Measured through DeepLift: with it the blur
        // reference costs the same as the zero one within noise; 1 x 21 depthwise convolutions or 42 shifted
        // multiply-adds added 15-30 ms per map at 256 x 256.
        var alongWidth = ReflectedBandMatrix(width, weights, radius, input);
        var alongHeight = height == width ? alongWidth : ReflectedBandMatrix(height, weights, radius, input);
        var blurred = matmul(alongHeight, matmul(input, alongWidth.t()));
        return blurred.MoveToOuterDisposeScope();
    }

    /// <summary>The normalised 1-D kernel, 2 radius + 1 taps, radius = floor(truncate sigma + 0.5) (scipy's rule).</summary>
    public static double[] Kernel(double sigma, double truncate = DefaultTruncate)
    {
        int radius = (int)Math.Floor((truncate * sigma) + 0.5);
        var taps = Enumerable.Range(-radius, (2 * radius) + 1).Select(i => Math.Exp(-0.5 * i * i / (sigma * sigma))).ToArray();
        var sum = taps.Sum();
        return [.. taps.Select(v => v / sum)];
    }

    /// <summary>Index of the sample at <paramref name="i"/> (any integer) of a row of n under scipy's 'reflect' (half-sample symmetric) extension.</summary>
    public static int Reflect(long i, long n)
    {
        var period = 2 * n;
        var j = ((i % period) + period) % period;
        return (int)(j < n ? j : period - 1 - j);
    }

    /// <summary>The n x n matrix of a 1-D correlation with <paramref name="weights"/> (centre at <paramref name="radius"/>) and reflect padding.</summary>
    private static Tensor ReflectedBandMatrix(long n, double[] weights, int radius, Tensor like)
    {
        var size = (int)n;
        var matrix = new double[size * size];
        for (var i = 0; i < size; i++)
        {
            for (var d = -radius; d <= radius; d++)
            {
                matrix[(i * size) + Reflect(i + d, n)] += weights[d + radius];
            }
        }

        return tensor(matrix, [n, n], like.dtype, like.device);
    }
}
