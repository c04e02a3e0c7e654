using static TorchSharp.torch;

namespace Saliency.Torch.Model;

/// <summary>
/// Per-channel input normalisation <c>(x - mean) / std</c> applied inside the differentiable model, so saliency
/// gradients are taken w.r.t. the un-normalised input. <see cref="Identity"/> is the default for a bare PyTorch
/// state dict; the project's own checkpoints record theirs.
/// </summary>
public sealed record InputNormalisation(float[] Mean, float[] Std)
{
    /// <summary>No normalisation (mean 0, std 1).</summary>
    public static InputNormalisation Identity { get; } = new([0f, 0f, 0f], [1f, 1f, 1f]);

    /// <summary>torchvision's ImageNet statistics.</summary>
    public static InputNormalisation ImageNet { get; } = new([0.485f, 0.456f, 0.406f], [0.229f, 0.224f, 0.225f]);

    public bool IsIdentity => Mean.All(m => m == 0f) && Std.All(s => s == 1f);

    /// <summary>Validates three positive standard deviations and three means.</summary>
    public InputNormalisation Validate()
    {
        if (Mean.Length != 3 || Std.Length != 3)
        {
            throw new Core.InputException($"mean and std need 3 values each, got {Mean.Length} and {Std.Length}", field: "mean/std");
        }

        if (Std.Any(s => !(s > 0f)))
        {
            throw new Core.InputException("std values must be > 0", field: "std");
        }

        return this;
    }

    /// <summary>Applies the normalisation to an N x 3 x H x W tensor (differentiable).</summary>
    public Tensor Apply(Tensor input)
    {
        if (IsIdentity)
        {
            return input.alias();
        }

        using var mean = tensor(Mean, device: input.device).reshape(1, 3, 1, 1);
        using var std = tensor(Std, device: input.device).reshape(1, 3, 1, 1);
        return (input - mean) / std;
    }

    public bool Equals(InputNormalisation? other) =>
        other is not null && Mean.SequenceEqual(other.Mean) && Std.SequenceEqual(other.Std);

    public override int GetHashCode() => HashCode.Combine(Mean.Sum(), Std.Sum());
}
