using Saliency.Torch.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Saliency.Torch.Methods;

/// <summary>
/// Shared pieces of the CAM methods (the layers they can target are declared in
/// <see cref="Saliency.Core.Methods.Declarations.CamLayer"/>): the target-logit gradient at a layer, and the final ReLU + upsampling
/// (bilinear, <c>align_corners=false</c>, to the input's H x W).
/// </summary>
internal static class CamLayers
{
    /// <summary>
    /// One forward capturing <paramref name="layer"/> (batch 1) and one backward from the target logit to it.
    /// Returns the detached activations A (1 x K x h x w), the gradient dlogit/dA, the logits and the target.
    /// </summary>
    public static (Tensor Activations, Tensor Gradient, Tensor Logits, int Target) Gradient(
        Classifier classifier, Tensor input, string layer, int? target, PassCounter passes)
    {
        var (logits, features) = classifier.ForwardCapturing(input, layer);
        passes.CountForward(input.shape[0]);
        int t = target ?? (int)logits[0].argmax().item<long>();
        var gradient = autograd.grad([logits[0, t]], [features!])[0];
        passes.CountBackward(input.shape[0]);
        return (features!.detach(), gradient, logits.detach(), t);
    }

    /// <summary>ReLU(sum_k weights_k A_k) at the layer's resolution, bilinearly upsampled to H x W (align_corners=false).</summary>
    public static Tensor WeightedMap(Tensor activations, Tensor weights, long height, long width)
    {
        var k = activations.shape[1];
        var cam = nn.functional.relu((activations * weights.reshape(1, k, 1, 1)).sum(1, keepdim: true));
        return Upsample(cam, height, width)[0, 0];
    }

    /// <summary>Bilinear resize of N x C x h x w to N x C x H x W, align_corners=false unless asked.</summary>
    public static Tensor Upsample(Tensor maps, long height, long width, bool alignCorners = false) =>
        nn.functional.interpolate(maps, [height, width], mode: InterpolationMode.Bilinear, align_corners: alignCorners);
}
