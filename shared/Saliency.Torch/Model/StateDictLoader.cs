using Saliency.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace Saliency.Torch.Model;

/// <summary>
/// Copies a state dict into a <see cref="ResNet18"/> strictly: every parameter and buffer of the network must be in
/// the dict with the same shape, and the dict may hold nothing else. Values are converted to the network's dtype
/// and device. On a mismatch nothing is guaranteed about the network's values and an <see cref="InputException"/>
/// names the file, each missing, unexpected and mis-shaped entry (with both shapes, first few of each kind).
/// As in PyTorch, a missing BatchNorm <c>num_batches_tracked</c> (old torchvision files) is allowed and left as is;
/// it does not affect eval-mode outputs.
/// </summary>
public static class StateDictLoader
{
    private const int MaxListed = 5;

    /// <summary>The number of classes a ResNet-18 state dict was trained for (rows of <c>fc.weight</c>).</summary>
    public static int ClassCount(IReadOnlyDictionary<string, Tensor> stateDict, string file)
    {
        if (!stateDict.TryGetValue("fc.weight", out var fc))
        {
            var sample = string.Join(", ", stateDict.Keys.Take(MaxListed));
            throw new InputException(
                $"not a torchvision resnet18 state dict: no parameter 'fc.weight' (the file has {stateDict.Count} entries, e.g. {sample})", file, field: "fc.weight");
        }

        if (fc.dim() != 2 || fc.shape[1] != 512)
        {
            throw new InputException(
                $"not a resnet18 classifier head: 'fc.weight' has shape {Shape(fc.shape)} in the file, resnet18 expects [classes, 512]", file, field: "fc.weight");
        }

        return checked((int)fc.shape[0]);
    }

    /// <summary>Loads <paramref name="stateDict"/> into <paramref name="network"/> (see the class remarks).</summary>
    /// <param name="skip">Names left out on both sides (e.g. the <c>fc.</c> head when starting from ImageNet weights).</param>
    public static void Load(ResNet18 network, IReadOnlyDictionary<string, Tensor> stateDict, string file, Func<string, bool>? skip = null)
    {
        var expected = network.state_dict().Where(e => skip is null || !skip(e.Key)).ToDictionary(e => e.Key, e => e.Value);
        if (skip is not null)
        {
            stateDict = stateDict.Where(e => !skip(e.Key)).ToDictionary(e => e.Key, e => e.Value);
        }

        var missing = expected.Keys.Where(k => !stateDict.ContainsKey(k) && !k.EndsWith(".num_batches_tracked", StringComparison.Ordinal)).ToList();
        var unexpected = stateDict.Keys.Where(k => !expected.ContainsKey(k)).OrderBy(k => k, StringComparer.Ordinal).ToList();
        var misshaped = expected.Where(e => stateDict.TryGetValue(e.Key, out var v) && !v.shape.SequenceEqual(e.Value.shape)).ToList();
        if (missing.Count + unexpected.Count + misshaped.Count > 0)
        {
            var problems = new List<string>();
            problems.AddRange(misshaped.Take(MaxListed).Select(e =>
                $"'{e.Key}' has shape {Shape(stateDict[e.Key].shape)} in the file, the model expects {Shape(e.Value.shape)}"));
            problems.AddRange(missing.Take(MaxListed).Select(k => $"missing parameter '{k}' (expected shape {Shape(expected[k].shape)})"));
            problems.AddRange(unexpected.Take(MaxListed).Select(k => $"unexpected parameter '{k}' (shape {Shape(stateDict[k].shape)})"));
            var counts = $"{misshaped.Count} mismatched, {missing.Count} missing, {unexpected.Count} unexpected";
            throw new InputException(
                $"weights do not fit resnet18 with {network.NumClasses} classes ({counts}): {string.Join("; ", problems)}", file,
                field: misshaped.Select(e => e.Key).Concat(missing).Concat(unexpected).First());
        }

        using var noGrad = no_grad();
        foreach (var (name, target) in expected)
        {
            if (stateDict.TryGetValue(name, out var value))
            {
                target.copy_(value);
            }
        }
    }

    internal static string Shape(long[] shape) => $"[{string.Join(", ", shape)}]";
}
