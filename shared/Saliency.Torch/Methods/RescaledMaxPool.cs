using TorchSharp;
using static TorchSharp.torch;

namespace Saliency.Torch.Methods;

/// <summary>
/// The stem's max-pool (3x3, stride 2, padding 1, as torchvision's ResNet) with DeepLift's max-pool rule as its
/// backward, for a batch of (input x, reference r). Forward = the plain pooled value of both rows. Per output of
/// row 0, with y = x at the input's arg-max, y_r = r at the reference's arg-max and c = max(y, y_r), the forward
/// saves two routes: to the input's arg-max with weight (c - y_r) / (x - r) there (1 where |x - r| &lt;
/// <see cref="RescaleRule.Epsilon"/>: the ordinary max-pool gradient), and to the reference's arg-max with weight
/// (y - c) / (x - r) there (0 where |x - r| is that small). Backward = the output gradient times each weight,
/// scatter-added at its arg-max into row 0; row 1 gets zero. All of it works on the pooled size (a quarter of the
/// input), the differences are taken only at the arg-max positions.
/// </summary>
internal sealed class RescaledMaxPool : autograd.SingleTensorFunction<RescaledMaxPool>
{
    private const string InputShape = "shape";

    public override string Name => "DeepLiftRescaledMaxPool";

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var input = (Tensor)vars[0];
        var (value, indices) = nn.functional.max_pool2d_with_indices(input, [3, 3], [2, 2], [1, 1]);
        using (NewDisposeScope())
        {
            var y = value.narrow(0, 0, 1).flatten(2);
            var yRef = value.narrow(0, 1, 1).flatten(2);
            var inputArgMax = indices.narrow(0, 0, 1).flatten(2);
            var referenceArgMax = indices.narrow(0, 1, 1).flatten(2);
            var crossMax = maximum(y, yRef);
            var deltaAtInputArgMax = y - input.narrow(0, 1, 1).flatten(2).gather(2, inputArgMax);
            var deltaAtReferenceArgMax = input.narrow(0, 0, 1).flatten(2).gather(2, referenceArgMax) - yRef;
            var inputWeight = where(
                deltaAtInputArgMax.abs() < RescaleRule.Epsilon,
                ones_like(y),
                (crossMax - yRef).div_(deltaAtInputArgMax));
            var referenceWeight = (y - crossMax)
                .div_(deltaAtReferenceArgMax)
                .masked_fill_(deltaAtReferenceArgMax.abs() < RescaleRule.Epsilon, 0);
            ctx.save_for_backward([
                inputArgMax.contiguous().MoveToOuterDisposeScope(),
                referenceArgMax.contiguous().MoveToOuterDisposeScope(),
                inputWeight.MoveToOuterDisposeScope(),
                referenceWeight.MoveToOuterDisposeScope()]);
        }

        ctx.save_data(InputShape, input.shape);
        return value;
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
    {
        var saved = ctx.get_saved_variables();
        var shape = (long[])ctx.get_data(InputShape);
        var gradient = zeros([shape[0], shape[1], shape[2] * shape[3]], grad_output.dtype, grad_output.device);
        using (NewDisposeScope())
        {
            var outputGradient = grad_output.narrow(0, 0, 1).flatten(2);
            var inputRow = gradient.narrow(0, 0, 1);
            inputRow.scatter_add_(2, saved[0], outputGradient * saved[2]);
            inputRow.scatter_add_(2, saved[1], outputGradient * saved[3]);
        }

        return [gradient.view(shape)];
    }
}
