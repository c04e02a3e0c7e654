using Saliency.Core.Methods;
using Saliency.Core.Methods.Declarations;
using Saliency.Torch.Model;
using static TorchSharp.torch;

namespace Saliency.Torch.Methods;

/// <summary>
/// Vanilla gradient (Simonyan et al. 2014): d logit_target / d input, the pre-softmax logit, summed over the three
/// channels (which equals the gradient w.r.t. the grey value, as the channels repeat it). Signed. One forward and
/// one backward, batch 1; the prediction comes from the same forward.
/// </summary>
public sealed class VanillaGrad : SaliencyMethod
{
    internal VanillaGrad(ParameterValues parameters)
        : base(parameters.Variant)
    {
    }

    private protected override Computation Compute(Classifier classifier, Tensor input, int? target, PassCounter passes)
    {
        var (gradient, logits, t) = InputGradient.Compute(classifier, input, target, passes);
        return new Computation(ChannelSum(gradient), t, Probabilities(logits));
    }
}
