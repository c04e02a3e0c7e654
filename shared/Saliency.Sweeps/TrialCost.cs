using System.Globalization;
using Saliency.Contracts;

namespace Saliency.Sweeps;

/// <summary>
/// A rough, static estimate of what one sample of a trial costs, in batch-1 forward+backward passes of the model
/// (a forward alone counted as a third of one), from the method and its parameters (catalogue defaults where a
/// parameter is left out). The sweep scheduler only uses it to order shards longest first, so that the expensive
/// shards do not end up alone at the tail of a sweep; it never affects results.
/// </summary>
public static class TrialCost
{
    private const double Forward = 1.0 / 3;

    /// <summary>Passes per sample, including the prediction pass every shard makes to pick the target class.</summary>
    public static double PerSample(TrialSpec trial)
    {
        var method = MethodCatalog.Canonical(trial.Method);
        var passes = method switch
        {
            "VanillaGrad" or "GradCAM" or "GradCAM++" => 1.0,
            "SmoothGrad" => Integer(trial, method, "n"),
            "DeepLift" => 2.0, // input and reference in one batch of two
            "IntegratedGradients" => Integer(trial, method, "steps"),
            "ScoreCAM" => Forward * Channels(Parameter(trial, method, "layer")),
            _ => 1.0,
        };
        return Forward + passes;
    }

    /// <summary>Output channels of a ResNet-18 stage (its blocks have the stage's width): one masked input each.</summary>
    private static int Channels(string layer) => layer.Split('.')[0] switch
    {
        "layer1" => 64,
        "layer2" => 128,
        "layer3" => 256,
        _ => 512,
    };

    private static double Integer(TrialSpec trial, string method, string name) =>
        double.TryParse(Parameter(trial, method, name), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : 1;

    private static string Parameter(TrialSpec trial, string method, string name) =>
        trial.Parameters.FirstOrDefault(p => p.Name == name)?.Value
        ?? MethodCatalog.Methods[method].First(p => p.Name == name).Default;
}
