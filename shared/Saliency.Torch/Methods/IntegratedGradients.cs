using Saliency.Core.Methods;
using Saliency.Core.Methods.Declarations;
using Saliency.Torch.Model;
using static TorchSharp.torch;

namespace Saliency.Torch.Methods;

/// <summary>
/// Integrated Gradients (Sundararajan et al. 2017) with the zero (black) baseline: input x the integral over
/// alpha in [0, 1] of d logit_target(alpha input) / d input, by <c>steps</c>-point Gauss-Legendre quadrature
/// (Captum's default rule), summed over channels. Gradients in batches of <c>batch</c> path points
/// (ceil(steps / batch) passes each way). The reference that DeepLift approximates; completeness:
/// the map's sum tends to logit(input) - logit(0) as steps grow. When no target is given one extra forward
/// (batch 1, no gradient) predicts it.
/// </summary>
public sealed class IntegratedGradients : SaliencyMethod
{
    private readonly int _steps;
    private readonly int _batch;

    internal IntegratedGradients(ParameterValues parameters)
        : base(parameters.Variant)
    {
        _steps = parameters.Int(IntegratedGradientsDeclaration.Steps);
        _batch = Math.Min(parameters.Int(IntegratedGradientsDeclaration.Batch), _steps);
    }

    private protected override Computation Compute(Classifier classifier, Tensor input, int? target, PassCounter passes)
    {
        Tensor? probabilities = null;
        if (target is null)
        {
            (var predicted, probabilities) = Predict(classifier, input, null, passes);
            target = predicted;
        }

        var (nodes, weights) = GaussLegendre.Rule(_steps);
        var integral = zeros(input.shape, input.dtype, input.device);
        for (int start = 0; start < _steps; start += _batch)
        {
            using var chunkScope = NewDisposeScope();
            int count = Math.Min(_batch, _steps - start);
            var alphas = tensor(nodes.AsSpan(start, count).ToArray(), input.dtype, input.device).view(count, 1, 1, 1);
            var w = tensor(weights.AsSpan(start, count).ToArray(), input.dtype, input.device).view(count, 1, 1, 1);
            var (gradient, _, _) = InputGradient.Compute(classifier, alphas * input, target, passes);
            integral.add_((gradient * w).sum(0, keepdim: true));
        }

        return new Computation(ChannelSum(input * integral), target.Value, probabilities);
    }
}
