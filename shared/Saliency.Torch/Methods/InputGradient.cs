using Saliency.Torch.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Saliency.Torch.Methods;

/// <summary>Gradient of the target logit (pre-softmax) w.r.t. a batch of inputs: one forward and one backward.</summary>
internal static class InputGradient
{
    /// <summary>
    /// For a B x 3 x H x W batch returns d logit_target(row b) / d row b for every row (the gradient of the sum of
    /// the rows' target logits), the detached logits, and the target (row 0's arg-max when none is given).
    /// </summary>
    public static (Tensor Gradient, Tensor Logits, int Target) Compute(Classifier classifier, Tensor batch, int? target, PassCounter passes)
    {
        var x = batch.detach().requires_grad_(true);
        var logits = classifier.Forward(x);
        passes.CountForward(batch.shape[0]);
        int t = target ?? (int)logits[0].argmax().item<long>();
        var objective = logits.select(1, t).sum();
        var gradient = autograd.grad([objective], [x])[0];
        passes.CountBackward(batch.shape[0]);
        return (gradient, logits.detach(), t);
    }
}
