using Saliency.Core.Methods;
using Saliency.Core.Methods.Declarations;
using Saliency.Torch.Model;
using static TorchSharp.torch;

namespace Saliency.Torch.Methods;

/// <summary>
/// Grad-CAM (Selvaraju et al. 2017): weights_k = spatial mean of d logit_target / d A_k at <c>layer</c>
/// (default layer4), map = ReLU(sum_k weights_k A_k) upsampled bilinearly (align_corners=false) to the input size.
/// One forward and one (partial, down to the layer) backward, batch 1.
/// </summary>
public sealed class GradCam : SaliencyMethod
{
    private readonly string _layer;

    internal GradCam(ParameterValues parameters)
        : base(parameters.Variant) => _layer = parameters.Choice(GradCamDeclaration.Layer);

    private protected override Computation Compute(Classifier classifier, Tensor input, int? target, PassCounter passes)
    {
        var (activations, gradient, logits, t) = CamLayers.Gradient(classifier, input, _layer, target, passes);
        var weights = gradient.mean([2, 3]);
        return new Computation(CamLayers.WeightedMap(activations, weights, input.shape[2], input.shape[3]), t, Probabilities(logits));
    }
}
