using Saliency.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace Saliency.Torch.Methods;

/// <summary>
/// Gaussian blur of an N x C x H x W tensor, per channel: separable kernel of radius ceil(2 sigma) (size 4 sigma + 1
/// for integer sigma; 21 taps for sigma = 5 px), weights normalised to sum 1, reflect padding (edge pixel not
/// repeated, like numpy/scipy 'mirror'), output the size of the input.
/// </summary>
public static class GaussianBlur
{
    public static Tensor Apply(Tensor input, double sigma)
    {
        if (!(sigma > 0))
        {
            throw new InputException($"blur sigma must be > 0, got {sigma}", field: "sigma");
        }

        int radius = (int)Math.Ceiling(2 * sigma);
        long height = input.shape[2], width = input.shape[3];
        if (radius >= height || radius >= width)
        {
            throw new InputException($"blur radius {radius} px (sigma {sigma}) needs an image larger than {height}x{width}", field: "sigma");
        }

        using var scope = NewDisposeScope();
        var taps = Enumerable.Range(-radius, (2 * radius) + 1).Select(i => Math.Exp(-(i * i) / (2 * sigma * sigma))).ToArray();
        var sum = taps.Sum();
        var weights = taps.Select(v => v / sum).ToArray();
        var padded = nn.functional.pad(input, [radius, radius, radius, radius], PaddingModes.Reflect);

        // Separable, as weighted sums of shifted views (2 x 21 in-place multiply-adds for sigma 5): on a CPU this is
        // several times faster than a 1 x 21 convolution, which libtorch runs with one input and output channel.
        var rows = ShiftedSum(padded, weights, dim: 3, length: width);
        var blurred = ShiftedSum(rows, weights, dim: 2, length: height);
        return blurred.MoveToOuterDisposeScope();
    }

    /// <summary>out = sum_k weights[k] x source.narrow(dim, k, length): a 1-D correlation along <paramref name="dim"/>.</summary>
    private static Tensor ShiftedSum(Tensor source, double[] weights, int dim, long length)
    {
        var result = source.narrow(dim, 0, length) * weights[0];
        for (int k = 1; k < weights.Length; k++)
        {
            result.add_(source.narrow(dim, k, length), alpha: weights[k]);
        }

        return result;
    }
}
