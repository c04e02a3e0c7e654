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
        long height = input.shape[2], width = input.shape[3], channels = input.shape[1];
        if (radius >= height || radius >= width)
        {
            throw new InputException($"blur radius {radius} px (sigma {sigma}) needs an image larger than {height}x{width}", field: "sigma");
        }

        using var scope = NewDisposeScope();
        var taps = Enumerable.Range(-radius, (2 * radius) + 1).Select(i => Math.Exp(-(i * i) / (2 * sigma * sigma))).ToArray();
        var sum = taps.Sum();
        var kernel = tensor(taps.Select(v => v / sum).ToArray(), input.dtype, input.device);
        var horizontal = kernel.view(1, 1, 1, -1).expand(channels, 1, 1, kernel.shape[0]);
        var vertical = kernel.view(1, 1, -1, 1).expand(channels, 1, kernel.shape[0], 1);
        var padded = nn.functional.pad(input, [radius, radius, radius, radius], PaddingModes.Reflect);
        var blurred = nn.functional.conv2d(padded, horizontal, groups: channels);
        blurred = nn.functional.conv2d(blurred, vertical, groups: channels);
        return blurred.MoveToOuterDisposeScope();
    }
}
