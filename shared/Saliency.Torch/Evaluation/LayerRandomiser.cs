using Saliency.Core.Metrics.Catalogue.Declarations;
using Saliency.Torch.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Saliency.Torch.Evaluation;

/// <summary>
/// Re-initialises parameters of a <see cref="ResNet18"/> in place with the network's own initialisation (what a new
/// <see cref="ResNet18"/> gets, i.e. torchvision's): convolutions Kaiming-normal (fan-out, ReLU gain: N(0, 2 /
/// fan_out)), BatchNorm weight 1 and bias 0, fc weight and bias U(-1/sqrt(512), 1/sqrt(512)) (torch's Linear).
/// Only parameters (what Adebayo et al. re-initialise: the trainable variables): BatchNorm running statistics are
/// buffers and stay. Each parameter's draw comes from its own CPU generator seeded from the seed and the
/// parameter's name, so it does not depend on the order of the steps, the mode or the device. Saves every
/// parameter first; <see cref="Dispose"/> (and <see cref="RestoreAll"/>) copy the saved values back bit for bit.
/// </summary>
internal sealed class LayerRandomiser : IDisposable
{
    private readonly List<(string Name, Tensor Parameter, Tensor Saved)> _parameters = [];
    private readonly long _seed;

    public LayerRandomiser(ResNet18 network, long seed)
    {
        ArgumentNullException.ThrowIfNull(network);
        _seed = seed;
        using var noGrad = no_grad();
        foreach (var (name, parameter) in network.named_parameters())
        {
            var saved = parameter.detach().clone();
            saved.DetachFromDisposeScope();
            _parameters.Add((name, parameter, saved));
        }
    }

    /// <summary>Re-initialises every parameter of <paramref name="step"/>.</summary>
    public void Randomise(RandomisationStep step)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        foreach (var (name, parameter, _) in _parameters.Where(p => step.Covers(p.Name)))
        {
            using var generator = new Generator(SeedOf(name), CPU);
            parameter.copy_(Draw(name, parameter, generator));
        }
    }

    /// <summary>Copies every saved parameter back.</summary>
    public void RestoreAll()
    {
        using var noGrad = no_grad();
        foreach (var (_, parameter, saved) in _parameters)
        {
            parameter.copy_(saved);
        }
    }

    public void Dispose()
    {
        RestoreAll();
        foreach (var (_, _, saved) in _parameters)
        {
            saved.Dispose();
        }

        _parameters.Clear();
    }

    /// <summary>The initial value of a parameter, drawn on the CPU (shape and dtype of <paramref name="like"/>).</summary>
    private static Tensor Draw(string name, Tensor like, Generator generator)
    {
        var shape = like.shape;
        var dtype = like.dtype;
        if (like.dim() == 4)
        {
            double fanOut = shape[0] * shape[2] * shape[3];
            return randn(shape, dtype, CPU, generator: generator) * Math.Sqrt(2 / fanOut);
        }

        if (name.StartsWith("fc.", StringComparison.Ordinal))
        {
            double bound = 1 / Math.Sqrt(like.dim() == 2 ? shape[1] : 512);
            return (rand(shape, dtype, CPU, generator: generator) * (2 * bound)) - bound;
        }

        return name.EndsWith(".weight", StringComparison.Ordinal) ? ones(shape, dtype) : zeros(shape, dtype);
    }

    /// <summary>FNV-1a of the name mixed with the seed.</summary>
    private ulong SeedOf(string name)
    {
        ulong hash = 14695981039346656037UL ^ (ulong)_seed;
        foreach (char c in name)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }
}
