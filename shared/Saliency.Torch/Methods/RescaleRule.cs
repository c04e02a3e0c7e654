using Saliency.Torch.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Saliency.Torch.Methods;

/// <summary>
/// DeepLift's rescale rule as a nonlinearity override for a batch of exactly two rows: row 0 the input, row 1 the
/// reference. Every call site returns its plain forward value, but its gradient is the DeepLift multiplier
/// computed from the two rows and applied to both:
/// <list type="bullet">
/// <item>ReLU: m = (relu(x) - relu(r)) / (x - r), the ordinary gradient (own row) where |x - r| &lt; 1e-6.</item>
/// <item>Max-pool (Captum's rule): with y, y_r the pooled rows and c = max(y, y_r), the output gradient g is sent
/// to the input's arg-max scaled by (c - y_r) and to the reference's arg-max scaled by (y - c), then divided by
/// x - r at the receiving position; the ordinary max-pool gradient where |x - r| &lt; 1e-6. This routes exactly
/// g (y - y_r) per output, so summation-to-delta holds through the pool.</item>
/// </list>
/// The value trick: <c>out = z*m + (f(z) - z*m).detach()</c> has the value f(z) and the gradient m.
/// The max-pool rule assumes the stem's configuration (3x3, stride 2, padding 1, torchvision's ResNet).
/// </summary>
internal sealed class RescaleRule : INonlinearityOverride
{
    /// <summary>|x - r| below which the ordinary gradient replaces the finite-difference multiplier.</summary>
    public const double Epsilon = 1e-6;

    public Tensor ReLU(string site, Tensor input)
    {
        RequirePair(site, input);
        using var scope = NewDisposeScope();
        Tensor value, multiplier;
        using (no_grad())
        {
            value = nn.functional.relu(input);
            var delta = input[0] - input[1];
            var small = delta.abs() < Epsilon;
            var ratio = (value[0] - value[1]) / where(small, ones_like(delta), delta);
            multiplier = where(small.unsqueeze(0), (input > 0).to(input.dtype), ratio.unsqueeze(0));
        }

        var linear = input * multiplier;
        return (linear + (value - linear).detach()).MoveToOuterDisposeScope();
    }

    public Tensor MaxPool(string site, Tensor input, Func<Tensor, Tensor> pool)
    {
        RequirePair(site, input);
        using var scope = NewDisposeScope();
        var (value, indices) = nn.functional.max_pool2d_with_indices(input.detach(), [3, 3], [2, 2], [1, 1]);
        Tensor toInputArgMax, toReferenceArgMax, small, safeDelta;
        using (no_grad())
        {
            var y = value[0];
            var yRef = value[1];
            var crossMax = maximum(y, yRef);
            toInputArgMax = (crossMax - yRef).unsqueeze(0);
            toReferenceArgMax = (y - crossMax).unsqueeze(0);
            var delta = (input[0] - input[1]).unsqueeze(0);
            small = delta.abs() < Epsilon;
            safeDelta = where(small, ones_like(delta), delta);
        }

        var scaled = where(small, zeros_like(input), input / safeDelta);
        var plain = where(small, input, zeros_like(input));
        var inputArgMax = indices.narrow(0, 0, 1).expand_as(indices);
        var referenceArgMax = indices.narrow(0, 1, 1).expand_as(indices);
        var routed = (Gather(scaled, inputArgMax) * toInputArgMax)
            + (Gather(scaled, referenceArgMax) * toReferenceArgMax)
            + Gather(plain, indices);
        return (routed + (value - routed).detach()).MoveToOuterDisposeScope();
    }

    /// <summary>out[n, c, o] = source[n, c, index[n, c, o]] with index into the flattened H x W plane.</summary>
    private static Tensor Gather(Tensor source, Tensor index) =>
        source.flatten(2).gather(2, index.flatten(2)).view_as(index);

    private static void RequirePair(string site, Tensor input)
    {
        if (input.shape[0] != 2)
        {
            throw new InvalidOperationException($"DeepLift rule at {site} expects a batch of 2 (input, reference), got {input.shape[0]}");
        }
    }
}
