namespace Saliency.Core.Methods.Declarations;

/// <summary>Grad-CAM (Selvaraju et al. 2017): one forward to the target layer and one backward from the target logit to it.</summary>
public static class GradCamDeclaration
{
    public static MethodParameter Layer => CamLayer.Parameter;

    public static MethodDeclaration Method { get; } = new(
        "GradCAM",
        "gradient-weighted class activation map",
        [Layer],
        _ => MethodCost.OneGradient);
}
