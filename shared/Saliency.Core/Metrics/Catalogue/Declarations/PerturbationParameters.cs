using Saliency.Core.Methods;

namespace Saliency.Core.Metrics.Catalogue.Declarations;

/// <summary>
/// Parameters the perturbation metrics (deletion, insertion, ROAD) share: the pixel order and the batching of
/// their forward passes, and the replacement deletion and insertion put in place of pixels.
/// </summary>
public static class PerturbationParameters
{
    /// <summary>Rank pixels by the raw map's values, most positive first.</summary>
    public const string SignedRank = "signed";

    /// <summary>Rank pixels by the absolute values of the raw map, largest first.</summary>
    public const string AbsoluteRank = "absolute";

    /// <summary>Removed pixels become 0 in the classifier's input space (black).</summary>
    public const string ZeroReplacement = "zero";

    /// <summary>Removed pixels become the input blurred (Gaussian, <see cref="Sigma"/>).</summary>
    public const string BlurReplacement = "blur";

    /// <summary>Removed pixels become the input's mean value, per channel.</summary>
    public const string MeanReplacement = "mean";

    public static MethodParameter Rank { get; } = MethodParameter.Choice(
        "rank", SignedRank, [SignedRank, AbsoluteRank],
        "pixel order: the raw map's values, most positive first (signed), or their magnitudes (absolute)");

    public static MethodParameter Batch { get; } = MethodParameter.Integer(
        "batch", 32, 1, 4096, "perturbed inputs per forward pass", batchingOnly: true);

    public static MethodParameter Sigma { get; } = MethodParameter.Real(
        "sigma", 5, 0, 1000, "Gaussian blur sigma in px (replacement=blur)", minExclusive: true);

    /// <summary>The <c>replacement</c> parameter with <paramref name="defaultValue"/> as its default.</summary>
    public static MethodParameter Replacement(string defaultValue) => MethodParameter.Choice(
        "replacement", defaultValue, [ZeroReplacement, BlurReplacement, MeanReplacement],
        "the value of a hidden pixel: 0, the input blurred, or the input's channel mean");

    /// <summary>The <c>steps</c> parameter K of a deletion or insertion curve.</summary>
    public static MethodParameter Steps { get; } = MethodParameter.Integer(
        "steps", 20, 1, 10_000, "curve steps K: the fraction of pixels changed goes 0, 1/K, ..., 1 (K + 1 forwards)");
}
