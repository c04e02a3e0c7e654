namespace Saliency.Core.Methods.Declarations;

/// <summary>
/// DeepLift with the rescale rule (Shrikumar et al. 2017) against a zero or a blurred reference: input and reference
/// go through the network as one batch of two, one forward and one backward.
/// </summary>
public static class DeepLiftDeclaration
{
    public const string ZeroReference = "zero";
    public const string BlurReference = "blur";

    /// <summary>The exact max-pool rule: the output's difference is routed to both rows' arg-maxes (scatter-added).</summary>
    public const string CrossMaxPool = "crossmax";

    /// <summary>The plain max-pool gradient (original DeepLIFT's max-pool mode; what Captum 0.7.0 computes on a ResNet).</summary>
    public const string GradientMaxPool = "gradient";

    public static MethodParameter Reference { get; } =
        MethodParameter.Choice("reference", ZeroReference, [ZeroReference, BlurReference], "reference input: black image or the input blurred");

    public static MethodParameter Sigma { get; } =
        MethodParameter.Real("sigma", 5, 0, 1000, "Gaussian blur sigma in px (reference=blur)", minExclusive: true);

    public static MethodParameter Truncate { get; } =
        MethodParameter.Real("truncate", 4, 0, 100,
            "blur kernel radius in sigmas, floor(truncate sigma + 0.5) px, as scipy's gaussian_filter (reference=blur)", minExclusive: true);

    public static MethodParameter MaxPool { get; } =
        MethodParameter.Choice("maxpool", CrossMaxPool, [CrossMaxPool, GradientMaxPool],
            "stem max-pool rule: crossmax (exact, sums to delta) or gradient (plain max-pool gradient, Captum 0.7.0; exact only for a reference constant in each pool window)");

    public static MethodDeclaration Method { get; } = new(
        "DeepLift",
        "rescale-rule DeepLift against a zero or blurred reference",
        [Reference, Sigma, Truncate, MaxPool],
        _ => new MethodCost(1, 2, 1, 2));
}
