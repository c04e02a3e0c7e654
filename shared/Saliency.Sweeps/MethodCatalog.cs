namespace Saliency.Sweeps;

/// <summary>
/// The saliency methods a sweep may name, with the parameters each accepts. Names and parameter names are those
/// of the method variants (<see cref="Saliency.Core.Benchmark.MethodVariant"/>) the benchmark engine runs.
/// Method names match case-insensitively and are written in the catalogue's spelling.
/// </summary>
public static class MethodCatalog
{
    private static readonly string[] CamLayers =
        ["layer1", "layer2", "layer3", "layer4", "layer1.0", "layer1.1", "layer2.0", "layer2.1", "layer3.0", "layer3.1", "layer4.0", "layer4.1"];

    /// <summary>Method name -> its parameters.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<ParameterSchema>> Methods { get; } =
        new Dictionary<string, IReadOnlyList<ParameterSchema>>(StringComparer.OrdinalIgnoreCase)
        {
            ["VanillaGrad"] = [],
            ["SmoothGrad"] =
            [
                new("n", ParameterKind.Integer, "50", 1, 10_000, Description: "number of noisy samples"),
                new("noise", ParameterKind.Real, "0.02", 0, 10, Description: "noise sigma as a fraction of (max - min) of the input"),
                new("batched", ParameterKind.Boolean, "false", Description: "all n noisy copies in one batch"),
                new("seed", ParameterKind.Integer, "0", 0, int.MaxValue, Description: "seed of the noise generator"),
            ],
            ["DeepLift"] =
            [
                new("reference", ParameterKind.Choice, "zero", Choices: ["zero", "blur"], Description: "reference input"),
                new("sigma", ParameterKind.Real, "5", double.Epsilon, 1000, Description: "Gaussian blur sigma in pixels (reference: blur)"),
            ],
            ["IntegratedGradients"] =
            [
                new("steps", ParameterKind.Integer, "50", 1, 100_000, Description: "quadrature points from the zero baseline"),
                new("batch", ParameterKind.Integer, "50", 1, 100_000, Description: "path points per pass"),
            ],
            ["GradCAM"] =
            [
                new("layer", ParameterKind.Choice, "layer4", Choices: CamLayers, Description: "target layer"),
            ],
            ["GradCAM++"] =
            [
                new("layer", ParameterKind.Choice, "layer4", Choices: CamLayers, Description: "target layer"),
            ],
            ["ScoreCAM"] =
            [
                new("layer", ParameterKind.Choice, "layer4", Choices: CamLayers, Description: "target layer"),
                new("batch", ParameterKind.Integer, "25", 1, 4096, Description: "masked inputs per forward pass"),
            ],
        };

    /// <summary>The catalogue's spelling of <paramref name="name"/>, or null when the method is unknown.</summary>
    public static string? Canonical(string name) =>
        Methods.Keys.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
}
