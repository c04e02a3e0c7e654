using Saliency.Core.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace Saliency.Torch.Model;

/// <summary>
/// What the saliency methods explain: a ResNet-18 plus its input normalisation, on one device, in eval mode.
/// Inputs are N x 3 x H x W tensors in the user's input space (a greyscale patch scaled to [0, 1] and repeated
/// over 3 channels); gradients are taken w.r.t. that input. Not thread-safe: one computation at a time.
/// </summary>
public sealed class Classifier : IDisposable
{
    public Classifier(ResNet18 network, InputNormalisation normalisation, IReadOnlyList<string> classNames, Device? device = null)
    {
        if (classNames.Count != network.NumClasses)
        {
            throw new ArgumentException($"{classNames.Count} class names for a network with {network.NumClasses} outputs", nameof(classNames));
        }

        Device = device ?? CPU;
        Network = network;
        Network.to(Device);
        Network.eval();
        Normalisation = normalisation.Validate();
        ClassNames = classNames;
    }

    public ResNet18 Network { get; }

    public InputNormalisation Normalisation { get; }

    /// <summary>Display names of the output classes, index = logit index.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    public Device Device { get; }

    public int NumClasses => Network.NumClasses;

    /// <summary>Logits (N x classes) for an N x 3 x H x W input; differentiable w.r.t. the input.</summary>
    public Tensor Forward(Tensor input) => ForwardCapturing(input, null).Logits;

    /// <summary>Logits and the output of <paramref name="layer"/> (see <see cref="ResNet18.CaptureLayers"/>).</summary>
    public (Tensor Logits, Tensor? Features) ForwardCapturing(Tensor input, string? layer)
    {
        using var scope = NewDisposeScope();
        using var normalised = Normalisation.Apply(input);
        var (logits, features) = Network.ForwardCapturing(normalised, layer);
        features?.MoveToOuterDisposeScope();
        return (logits.MoveToOuterDisposeScope(), features);
    }

    /// <summary>A greyscale image as a 1 x 3 x H x W float tensor in [0, 1] on this classifier's device.</summary>
    public Tensor ToInput(GrayImage image) => ToInput(image.Pixels, image.Height, image.Width);

    /// <summary>Row-major 8-bit greyscale pixels as a 1 x 3 x H x W float tensor in [0, 1] (channel repeated).</summary>
    public Tensor ToInput(byte[] pixels, int height, int width)
    {
        using var scope = NewDisposeScope();
        var t = tensor(pixels, ScalarType.Byte).reshape(1, 1, height, width).to(ScalarType.Float32).div_(255f);
        return t.expand(1, 3, height, width).contiguous().to(Device).MoveToOuterDisposeScope();
    }

    /// <summary>Waits for queued device work (CUDA) so timings are true; no-op on CPU.</summary>
    public void Synchronize()
    {
        if (Device.type == DeviceType.CUDA)
        {
            cuda.synchronize(Device);
        }
    }

    public void Dispose() => Network.Dispose();
}
