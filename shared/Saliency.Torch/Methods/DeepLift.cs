using System.Globalization;
using Saliency.Core.Methods;
using Saliency.Core.Methods.Declarations;
using Saliency.Torch.Model;
using static TorchSharp.torch;

namespace Saliency.Torch.Methods;

/// <summary>
/// DeepLift with the rescale rule (Shrikumar et al. 2017; Captum's <c>DeepLift</c> rules, see
/// <see cref="RescaleRule"/>): the input and its reference go through the network as one batch of 2 with every
/// ReLU call site and the stem max-pool replaced by the rule; convolutions, batch norm (eval), residual adds,
/// average pool and the linear layer pass gradients as is. Attribution = (input - reference) x multipliers for the
/// target logit, summed over channels; its total equals logit(input) - logit(reference) (summation-to-delta).
/// References: <c>reference=zero</c> (black image) or <c>reference=blur</c>, the input blurred with a Gaussian of
/// <c>sigma</c> px (default 5) cut at <c>truncate</c> sigmas (default 4, as scipy; see <see cref="GaussianBlur"/>).
/// <c>maxpool=crossmax</c> (default) is the exact max-pool rule; <c>maxpool=gradient</c> keeps the plain max-pool
/// gradient (Captum 0.7.0's effective rule; exact only for a reference constant in each pool window).
/// One forward and one backward, batch 2.
/// </summary>
public sealed class DeepLift : SaliencyMethod
{
    private readonly bool _blur;
    private readonly double _sigma;
    private readonly double _truncate;
    private readonly bool _crossMax;

    internal DeepLift(ParameterValues parameters)
        : base(parameters.Variant)
    {
        _blur = parameters.Choice(DeepLiftDeclaration.Reference) == DeepLiftDeclaration.BlurReference;
        _sigma = parameters.Real(DeepLiftDeclaration.Sigma);
        _truncate = parameters.Real(DeepLiftDeclaration.Truncate);
        _crossMax = parameters.Choice(DeepLiftDeclaration.MaxPool) == DeepLiftDeclaration.CrossMaxPool;
    }

    /// <summary>The reference this variant compares <paramref name="input"/> with.</summary>
    public Tensor Reference(Tensor input) => _blur ? GaussianBlur.Apply(input, _sigma, _truncate) : zeros_like(input);

    public override string ToString() => _blur
        ? $"{Variant.Id} [blur sigma {_sigma.ToString(CultureInfo.InvariantCulture)}, truncate {_truncate.ToString(CultureInfo.InvariantCulture)}]"
        : Variant.Id;

    private protected override Computation Compute(Classifier classifier, Tensor input, int? target, PassCounter passes)
    {
        var reference = Reference(input);
        var pair = cat([input, reference], 0).requires_grad_(true);
        Tensor logits;
        using (classifier.Network.UseNonlinearity(new RescaleRule(_crossMax)))
        {
            logits = classifier.Forward(pair);
        }

        passes.CountForward(2);
        int t = ResolveTarget(logits, target);
        var multipliers = autograd.grad([logits[0, t]], [pair])[0];
        passes.CountBackward(2);
        var attribution = (input - reference) * multipliers.narrow(0, 0, 1);
        return new Computation(ChannelSum(attribution), t, Probabilities(logits));
    }
}
