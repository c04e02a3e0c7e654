namespace Saliency.Core.Methods.Declarations;

/// <summary>Grad-CAM++ (Chattopadhyay et al. 2018): Grad-CAM's passes, higher-order pixel weights.</summary>
public static class GradCamPlusPlusDeclaration
{
    public static MethodParameter Layer => CamLayer.Parameter;

    public static MethodParameter Eps { get; } =
        MethodParameter.Real("eps", 0, 0, 1, "added to alpha's denominator: 0 = the closed form, 1e-6 = pytorch-grad-cam");

    public static MethodDeclaration Method { get; } = new(
        "GradCAM++",
        "Grad-CAM with higher-order pixel weights",
        [Layer, Eps],
        _ => MethodCost.OneGradient);
}
