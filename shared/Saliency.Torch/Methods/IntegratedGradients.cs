using Saliency.Core.Methods;
using Saliency.Core.Methods.Declarations;
using Saliency.Torch.Model;
using static TorchSharp.torch;

namespace Saliency.Torch.Methods;

/// <summary>
/// Integrated Gradients (Sundararajan et al. 2017) with the zero (black) baseline: input x the integral over
/// alpha in [0, 1] of d logit_target(alpha input) / d input, by <c>steps</c>-point quadrature, summed over channels:
/// <c>rule=gauss-legendre</c> (default; Captum's default rule), <c>trapezoid</c> (composite trapezoid, nodes
/// k / (steps - 1)) or <c>captum-trapezoid</c> (Captum 0.7.0's <c>riemann_trapezoid</c>: the same nodes with weights
/// 1 / steps halved at the ends, which sum to 1 - 1 / steps, so its map is (steps - 1) / steps of the trapezoid's).
/// Gradients in batches of <c>batch</c> path points (ceil(steps / batch) passes each way). The reference that DeepLift approximates; completeness:
/// the map's sum tends to logit(input) - logit(0) as steps grow. When no target is given one extra forward
/// (batch 1, no gradient) predicts it.
/// </summary>
public sealed class IntegratedGradients : SaliencyMethod
{
    private readonly int _steps;
    private readonly int _batch;
    private readonly string _rule;

    internal IntegratedGradients(ParameterValues parameters)
        : base(parameters.Variant)
    {
        _steps = parameters.Int(IntegratedGradientsDeclaration.Steps);
        _batch = Math.Min(parameters.Int(IntegratedGradientsDeclaration.Batch), _steps);
        _rule = parameters.Choice(IntegratedGradientsDeclaration.Rule);
    }

    /// <summary>Nodes (alphas in [0, 1], ascending) and weights of <paramref name="rule"/> with <paramref name="steps"/> points.</summary>
    public static (double[] Nodes, double[] Weights) Quadrature(string rule, int steps)
    {
        if (rule == IntegratedGradientsDeclaration.GaussLegendreRule)
        {
            return GaussLegendre.Rule(steps);
        }

        if (steps < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(steps), steps, $"rule {rule} needs at least 2 steps");
        }

        // Nodes k / (steps - 1), used in float32 like every path point. Captum takes them from torch.linspace(0, 1,
        // steps) in float32, which differs from the correctly rounded k / (steps - 1) by up to one ulp at some k,
        // depending on the torch build (exact for steps = 2^j + 1); its step sizes are 1 / steps, halved at the ends.
        var nodes = Enumerable.Range(0, steps).Select(k => (double)k / (steps - 1)).ToArray();
        double step = rule == IntegratedGradientsDeclaration.CaptumTrapezoidRule ? 1.0 / steps : 1.0 / (steps - 1);
        var weights = Enumerable.Range(0, steps).Select(k => k == 0 || k == steps - 1 ? step / 2 : step).ToArray();
        return (nodes, weights);
    }

    private protected override Computation Compute(Classifier classifier, Tensor input, int? target, PassCounter passes)
    {
        Tensor? probabilities = null;
        if (target is null)
        {
            (var predicted, probabilities) = Predict(classifier, input, null, passes);
            target = predicted;
        }

        var (nodes, weights) = Quadrature(_rule, _steps);
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
