using Saliency.Torch.Model;
using static TorchSharp.torch;

namespace Saliency.Torch.Methods;

/// <summary>
/// DeepLift's rescale rule as a nonlinearity override for a batch of exactly two rows: row 0 the input, row 1 the
/// reference. Every call site returns its plain forward value, but its gradient is the DeepLift multiplier
/// computed from the two rows:
/// <list type="bullet">
/// <item>ReLU (<see cref="RescaledReLU"/>): m = (relu(x) - relu(r)) / (x - r), the ordinary gradient of the input
/// row where |x - r| &lt; <see cref="Epsilon"/>; one 1-row multiplier applied to both rows (only row 0's gradient
/// reaches the attribution, rows never mix).</item>
/// <item>Max-pool (<see cref="RescaledMaxPool"/>, the cross-max rule that Captum means to apply, with scatter-add
/// where Captum's <c>max_unpool2d</c> would overwrite): with y, y_r the pooled rows and c = max(y, y_r),
/// the output gradient g is sent to the input's arg-max scaled by (c - y_r) and to the reference's arg-max scaled
/// by (y - c), each divided by x - r at the receiving position; the ordinary max-pool gradient where
/// |x - r| &lt; <see cref="Epsilon"/>. This routes exactly g (y - y_r) per output, so summation-to-delta holds
/// through the pool. Only the input row receives this gradient (the reference row gets zero).</item>
/// </list>
/// Both are custom autograd nodes: the multipliers are computed once in the forward, without autograd, and the
/// backward applies them, so no extra operations are recorded in the graph.
/// <para>With <c>crossMax: false</c> the max-pool keeps its plain gradient instead (each row's output gradient to its
/// own arg-max): original DeepLIFT's max-pool mode, and what Captum 0.7.0 effectively computes on torchvision's
/// ResNet (its max-pool hook loses to the stem ReLU's, Captum issue #1104). It routes g (y - y_r) exactly only where
/// the reference is constant inside each pool window (the zero reference of a network without input normalisation:
/// 0 after the stem convolution, constant per channel after its BN and ReLU).</para>
/// </summary>
internal sealed class RescaleRule(bool crossMax = true) : INonlinearityOverride
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
        return crossMax ? RescaledMaxPool.apply(input) : pool(input);
    }

    private static void RequirePair(string site, Tensor input)
    {
        if (input.shape[0] != 2)
        {
            throw new InvalidOperationException($"DeepLift rule at {site} expects a batch of 2 (input, reference), got {input.shape[0]}");
        }
    }
}
