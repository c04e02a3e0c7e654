using TorchSharp;
using static TorchSharp.torch;

namespace Saliency.Torch.Methods;

/// <summary>
/// ReLU whose backward multiplies by DeepLift's rescale multiplier instead of the step function, for a batch of
/// (input x, reference r): forward = relu(z) for both rows; m = (relu(x) - relu(r)) / (x - r), or step(x) where
/// |x - r| &lt; <see cref="RescaleRule.Epsilon"/>, is computed in the forward (no autograd) and saved;
/// backward = gradient x m for both rows.
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
            var delta = input[0] - input[1];
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
