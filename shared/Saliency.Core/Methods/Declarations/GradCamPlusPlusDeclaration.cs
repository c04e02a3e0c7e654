namespace Saliency.Core.Methods.Declarations;

/// <summary>Grad-CAM++ (Chattopadhyay et al. 2018): Grad-CAM's passes, higher-order pixel weights.</summary>
public static class GradCamPlusPlusDeclaration
{
    public static MethodParameter Layer => CamLayer.Parameter;

    public static MethodDeclaration Method { get; } = new(
        "GradCAM++",
        "Grad-CAM with higher-order pixel weights",
        [Layer],
        _ => MethodCost.OneGradient);
}
