using Saliency.Torch.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Saliency.Torch.Methods;

/// <summary>
/// DeepLift's rescale rule as a nonlinearity override for a batch of exactly two rows: row 0 the input, row 1 the
/// reference. Every call site returns its plain forward value, but its gradient is the DeepLift multiplier
/// computed from the two rows and applied to both:
/// <list type="bullet">
/// <item>ReLU: m = (relu(x) - relu(r)) / (x - r), the ordinary gradient of the input row where |x - r| &lt; 1e-6
/// (one 1-row multiplier for both rows: only row 0's gradient reaches the attribution, rows never mix). A custom
/// autograd node (<see cref="RescaledReLU"/>): plain ReLU forward, backward = gradient x m.</item>
/// <item>Max-pool (Captum's rule): with y, y_r the pooled rows and c = max(y, y_r), the output gradient g is sent
/// to the input's arg-max scaled by (c - y_r) and to the reference's arg-max scaled by (y - c), then divided by
/// x - r at the receiving position; the ordinary max-pool gradient where |x - r| &lt; 1e-6. This routes exactly
/// g (y - y_r) per output, so summation-to-delta holds through the pool. Only the input row carries this
/// gradient (the reference row's output is its plain value): rows never mix and the attribution uses row 0.</item>
/// </list>
/// The max-pool uses the value trick: <c>out = z*m + (f(z) - z*m).detach()</c> has the value f(z) (up to rounding)
/// and the gradient m; the routes and the offset are computed without autograd and in place.
/// The max-pool rule assumes the stem's configuration (3x3, stride 2, padding 1, torchvision's ResNet).
/// </summary>
internal sealed class RescaleRule : INonlinearityOverride
{
    /// <summary>|x - r| below which the ordinary gradient replaces the finite-difference multiplier.</summary>
    public const double Epsilon = 1e-6;

    public Tensor ReLU(string site, Tensor input)
    {
        RequirePair(site, input);
        return RescaledReLU.apply(input);
    }

    public Tensor MaxPool(string site, Tensor input, Func<Tensor, Tensor> pool)
    {
        RequirePair(site, input);
        using var scope = NewDisposeScope();
        Tensor value, inputRoute, referenceRoute, inverseDelta, inputArgMax, referenceArgMax;
        using (no_grad())
        {
            (value, var indices) = nn.functional.max_pool2d_with_indices(input.detach(), [3, 3], [2, 2], [1, 1]);
            var y = value.narrow(0, 0, 1);
            var yRef = value.narrow(0, 1, 1);
            var crossMax = maximum(y, yRef);
            inputArgMax = indices.narrow(0, 0, 1);
            referenceArgMax = indices.narrow(0, 1, 1);
            var delta = input.narrow(0, 0, 1) - input.narrow(0, 1, 1);
            var small = delta.abs() < Epsilon;
            inverseDelta = delta.masked_fill_(small, 1).reciprocal_().masked_fill_(small, 1);

            // Per output: weight of the route to the input's arg-max (c - y_r, or 1 = ordinary gradient where that
            // position has |x - r| < eps) and to the reference's arg-max (y - c, or 0 where |x - r| < eps there).
            inputRoute = where(Gather(small, inputArgMax), ones_like(y), crossMax - yRef);
            referenceRoute = (y - crossMax).masked_fill_(Gather(small, referenceArgMax), 0);
        }

        // Only row 0 (the input) carries the rule's gradient: rows never mix, and the attribution uses row 0 only.
        var scaled = input.narrow(0, 0, 1) * inverseDelta;
        var routed = (Gather(scaled, inputArgMax) * inputRoute) + (Gather(scaled, referenceArgMax) * referenceRoute);
        Tensor offset;
        using (no_grad())
        {
            offset = value.narrow(0, 0, 1) - routed.detach();
        }

        return cat([routed + offset, value.narrow(0, 1, 1)], 0).MoveToOuterDisposeScope();
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

/// <summary>
/// ReLU whose backward multiplies by the rescale multiplier instead of the step function: forward = relu(z) for both
/// rows; the multiplier m = (relu(x) - relu(r)) / (x - r) of row 0 (x) and row 1 (r), or step(x) where |x - r| &lt;
/// <see cref="RescaleRule.Epsilon"/>, is computed in the forward (no autograd) and saved; backward = grad x m for both
/// rows. One custom autograd node per call site instead of the value trick's recorded multiply and add.
/// </summary>
internal sealed class RescaledReLU : autograd.SingleTensorFunction<RescaledReLU>
{
    public override string Name => "DeepLiftRescaledReLU";

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var input = (Tensor)vars[0];
        var value = nn.functional.relu(input);
        using (NewDisposeScope())
        {
            var x = input[0];
            var delta = x - input[1];
            var small = delta.abs() < RescaleRule.Epsilon;
            var step = value[0].sign(); // relu(x) > 0 exactly where x > 0
            var ratio = (value[0] - value[1]).div_(delta); // inf or nan where x = r: replaced by the step below
            var multiplier = where(small, step, ratio).unsqueeze(0).MoveToOuterDisposeScope();
            ctx.save_for_backward([multiplier]);
        }

        return value;
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output) =>
        [grad_output * ctx.get_saved_variables()[0]];
}
