using Saliency.Core.Metrics.Catalogue.Declarations;
using Saliency.Torch.Methods;
using static TorchSharp.torch;

namespace Saliency.Torch.Evaluation;

/// <summary>
/// What deletion and insertion put in place of a pixel (<see cref="PerturbationParameters"/>): 0 (black in the
/// classifier's input space), the input blurred (<see cref="GaussianBlur"/>, reflect borders), or the input's mean
/// per channel.
/// </summary>
internal static class Replacement
{
    /// <summary>The 1 x 3 x H x W replacement image for <paramref name="input"/>.</summary>
    public static Tensor For(Tensor input, string replacement, double sigma) => replacement switch
    {
        PerturbationParameters.ZeroReplacement => zeros_like(input),
        PerturbationParameters.BlurReplacement => GaussianBlur.Apply(input, sigma),
        PerturbationParameters.MeanReplacement => input.mean([2, 3], keepdim: true).expand_as(input).contiguous(),
        _ => throw new ArgumentException($"unknown replacement '{replacement}'", nameof(replacement)),
    };
}
