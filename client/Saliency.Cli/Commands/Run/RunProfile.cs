using Saliency.Cli.Commands.Model;
using Saliency.Core;

namespace Saliency.Cli.Commands.Run;

/// <summary>
/// The settings of a <c>saliency run</c> profile. Its grid is the shipped sweep of the same name
/// (<c>sweeps/&lt;name&gt;.yaml</c>, <see cref="RunSweepFile"/>).
/// </summary>
internal sealed record RunProfile(string Name)
{
    public static readonly string[] Names = ["quick", "paper"];

    /// <summary>Images of the synthetic Severstal-format set used when no data folder is given.</summary>
    public int SyntheticImages { get; init; }

    /// <summary>Training epochs.</summary>
    public int Epochs { get; init; }

    /// <summary>The sample rule's minimum probability of the correct class (the paper: 0.9).</summary>
    public double MinConfidence { get; init; } = SelectCommand.DefaultMinConfidence;

    /// <summary>
    /// quick: a small synthetic set, few epochs, and sweeps/quick.yaml (a few samples, every method once; under 10
    /// minutes on a 2-core CPU). paper: the study's settings (50 epochs) and sweeps/paper.yaml (every selected sample,
    /// every variant of Table 3).
    /// </summary>
    public static RunProfile Get(string name) => name switch
    {
        "quick" => new RunProfile("quick") { SyntheticImages = 24, Epochs = 3 },
        "paper" => new RunProfile("paper") { SyntheticImages = 200, Epochs = 50 },
        _ => throw new InputException($"unknown profile '{name}' (known: {string.Join(", ", Names)})", field: "--profile"),
    };
}
