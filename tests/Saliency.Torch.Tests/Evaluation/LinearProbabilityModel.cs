using TorchSharp;
using static TorchSharp.torch;

namespace Saliency.Torch.Tests.Evaluation;

/// <summary>
/// A hand-made two-class "model" on H x W inputs whose target probability is a known linear function of the
/// pixels, so deletion, insertion and ROAD values can be worked out by hand. With g_i the channel mean of pixel i
/// (the three channels are the same grey in these tests) and weights w_i >= 0:
/// u = 1 + sum_i w_i g_i, v = 1 + sum_i w_i (1 - g_i), logits = [log u, log v], so
/// p(class 0) = softmax[0] = u / (u + v) = (1 + sum_i w_i g_i) / (2 + sum_i w_i).
/// </summary>
internal sealed class LinearProbabilityModel : nn.Module<Tensor, Tensor>
{
    private readonly Tensor _weights;

    public LinearProbabilityModel(float[] weights)
        : base("linear-probability")
    {
        _weights = tensor(weights).reshape(1, weights.Length);
        register_buffer("weights", _weights);
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var grey = input.mean([1]).reshape(input.shape[0], -1);
        var u = 1 + (grey * _weights).sum(1);
        var v = 1 + ((1 - grey) * _weights).sum(1);
        return stack([u.log(), v.log()], 1).MoveToOuterDisposeScope();
    }

    /// <summary>A 1 x 3 x H x W input whose three channels are <paramref name="grey"/> (row-major).</summary>
    public static Tensor Input(float[] grey, int height, int width) =>
        tensor(grey).reshape(1, 1, height, width).expand(1, 3, height, width).contiguous();
}
