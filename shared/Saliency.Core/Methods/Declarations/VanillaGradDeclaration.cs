namespace Saliency.Core.Methods.Declarations;

/// <summary>VanillaGrad (Simonyan et al. 2014): the target logit's gradient w.r.t. the input. One forward, one backward.</summary>
public static class VanillaGradDeclaration
{
    public static MethodDeclaration Method { get; } = new(
        "VanillaGrad",
        "gradient of the target logit w.r.t. the input, channel-summed",
        [],
        _ => MethodCost.OneGradient);
}
