namespace Saliency.Core.Methods.Declarations;

/// <summary>
/// DeepLift with the rescale rule (Shrikumar et al. 2017) against a zero or a blurred reference: input and reference
/// go through the network as one batch of two, one forward and one backward.
/// </summary>
public static class DeepLiftDeclaration
{
    public const string ZeroReference = "zero";
    public const string BlurReference = "blur";

    public static MethodParameter Reference { get; } =
        MethodParameter.Choice("reference", ZeroReference, [ZeroReference, BlurReference], "reference input: black image or the input blurred");

    public static MethodParameter Sigma { get; } =
        MethodParameter.Real("sigma", 5, 0, 1000, "Gaussian blur sigma in px (reference=blur)", minExclusive: true);

    public static MethodDeclaration Method { get; } = new(
        "DeepLift",
        "rescale-rule DeepLift against a zero or blurred reference",
        [Reference, Sigma],
        _ => new MethodCost(1, 2, 1, 2));
}
