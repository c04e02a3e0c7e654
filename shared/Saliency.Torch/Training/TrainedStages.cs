using TorchSharp;
using Saliency.Torch.Model;

namespace Saliency.Torch.Training;

/// <summary>
/// Which top-level stages of the ResNet-18 are trained. The paper fine-tunes <see cref="Paper"/> (layer3, layer4 and
/// the fc head) and freezes the rest: frozen parameters get <c>requires_grad = false</c> and frozen BatchNorm layers
/// stay in eval mode (running statistics neither used from the batch nor updated).
/// </summary>
public static class TrainedStages
{
    public static IReadOnlyList<string> Paper { get; } = ["layer3", "layer4", "fc"];

    public static IReadOnlyList<string> All { get; } = [.. ResNet18.Stages];

    /// <summary>Sets <c>requires_grad</c> per parameter: true inside <paramref name="trained"/>, false elsewhere.</summary>
    public static void Freeze(ResNet18 network, IReadOnlyList<string> trained)
    {
        var unknown = trained.Where(s => !ResNet18.Stages.Contains(s)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"unknown stages {string.Join(", ", unknown)}; known: {string.Join(", ", ResNet18.Stages)}", nameof(trained));
        }

        foreach (var (name, parameter) in network.named_parameters())
        {
            parameter.requires_grad = trained.Contains(name.Split('.')[0]);
        }
    }

    /// <summary>Puts the network in training mode except the frozen stages, which stay in eval mode.</summary>
    public static void TrainMode(ResNet18 network, IReadOnlyList<string> trained)
    {
        network.train();
        foreach (var (name, module) in network.named_children())
        {
            if (!trained.Contains(name))
            {
                module.eval();
            }
        }
    }
}
