using Saliency.Core.Methods;
using Saliency.Core.Methods.Declarations;
using Saliency.Torch.Model;
using static TorchSharp.torch;

namespace Saliency.Torch.Methods;

/// <summary>
/// Grad-CAM++ (Chattopadhay et al. 2018) in the closed form pytorch-grad-cam uses: with g = d logit_target / d A,
/// alpha = g^2 / (2 g^2 + sum_ab(A) g^3 + eps), set to 0 where g = 0 or the denominator is 0;
/// weights_k = sum_ab(alpha x ReLU(g)); map = ReLU(sum_k weights_k A_k) upsampled bilinearly (align_corners=false).
/// <c>eps</c> is 0 by default (the closed form); pytorch-grad-cam adds 1e-6, which dominates where gradients are small
/// and damps those weights. One forward and one partial backward, batch 1.
/// </summary>
public sealed class GradCamPlusPlus : SaliencyMethod
{
    private readonly string _layer;
    private readonly double _eps;

    internal GradCamPlusPlus(ParameterValues parameters)
        : base(parameters.Variant)
    {
        _layer = parameters.Choice(GradCamPlusPlusDeclaration.Layer);
        _eps = parameters.Real(GradCamPlusPlusDeclaration.Eps);
    }

    private protected override Computation Compute(Classifier classifier, Tensor input, int? target, PassCounter passes)
    {
        var (activations, g, logits, t) = CamLayers.Gradient(classifier, input, _layer, target, passes);
        var g2 = g.square();
        var activationSum = activations.sum([2, 3], keepdim: true);
        var denominator = (2 * g2) + (activationSum * g2 * g);
        if (_eps != 0)
        {
            denominator = denominator + _eps;
        }

        var valid = (g != 0).logical_and(denominator != 0);
        var alpha = where(valid, g2 / where(valid, denominator, ones_like(denominator)), zeros_like(g));
        var weights = (alpha * nn.functional.relu(g)).sum([2, 3]);
        return new Computation(CamLayers.WeightedMap(activations, weights, input.shape[2], input.shape[3]), t, Probabilities(logits));
    }
}
