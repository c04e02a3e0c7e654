using System.Globalization;
using Saliency.Cli.Commands.Model;
using Saliency.Core;
using Saliency.Torch.Training;

namespace Saliency.Cli.Commands.Run;

/// <summary>
/// The settings of a <c>saliency run</c> profile. Its grid is the shipped sweep of the same name
/// (<c>sweeps/&lt;name&gt;.yaml</c>, <see cref="RunSweepFile"/>).
/// </summary>
internal sealed record RunProfile(string Name)
{
    public static readonly string[] Names = ["quick", "paper", "neu"];

    /// <summary>Images of the synthetic Severstal-format set used when no data folder is given (not for NEU profiles).</summary>
    public int SyntheticImages { get; init; }

    /// <summary>The profile trains on NEU-Seg: <c>--neu DIR</c> is required.</summary>
    public bool ReadsNeu { get; init; }

    /// <summary>Training epochs (<c>run --epochs N</c> overrides).</summary>
    public int Epochs { get; init; }

    /// <summary>Trained stages of the ResNet-18 (the paper's layer3 + layer4 + fc, or every layer).</summary>
    public IReadOnlyList<string> Stages { get; init; } = TrainedStages.Paper;

    /// <summary>The sample rule's minimum probability of the correct class (the paper: 0.9).</summary>
    public double MinConfidence { get; init; } = SelectCommand.DefaultMinConfidence;

    /// <summary>The run stops after training when the model's final validation accuracy is below this; null: no check.</summary>
    public double? MinValidationAccuracy { get; init; }

    /// <summary>
    /// quick: a small synthetic set, few epochs, and sweeps/quick.yaml (a few samples, every method once; under 10
    /// minutes on a 2-core CPU). paper: the study's settings (50 epochs) and sweeps/paper.yaml (every selected sample,
    /// every variant of Table 3). neu: NEU-Seg (<c>--neu DIR</c>), a ResNet-18 trained from scratch on every layer for
    /// 6 epochs that must reach 95 % validation accuracy, and sweeps/neu.yaml (the paper's grid on up to 200 samples).
    /// </summary>
    public static RunProfile Get(string name) => name switch
    {
        "quick" => new RunProfile("quick") { SyntheticImages = 24, Epochs = 3 },
        "paper" => new RunProfile("paper") { SyntheticImages = 200, Epochs = 50 },
        "neu" => new RunProfile("neu") { ReadsNeu = true, Epochs = 6, Stages = TrainedStages.All, MinValidationAccuracy = 0.95 },
        _ => throw new InputException($"unknown profile '{name}' (known: {string.Join(", ", Names)})", field: "--profile"),
    };

    /// <summary>
    /// Checks the final validation accuracy in the training report beside <paramref name="modelPath"/> against
    /// <see cref="MinValidationAccuracy"/> (nothing to check when that is null).
    /// </summary>
    /// <exception cref="InputException">The report is missing, or the accuracy is below the minimum (or NaN); names the report.</exception>
    public void CheckAccuracy(string modelPath)
    {
        if (MinValidationAccuracy is not { } minimum)
        {
            return;
        }

        var reportPath = TrainingReport.PathFor(Path.GetFullPath(modelPath));
        if (!File.Exists(reportPath))
        {
            throw new InputException(
                $"no training report beside the model (saliency train writes one), so the {Name} profile's minimum validation accuracy cannot be checked", reportPath);
        }

        double accuracy = TrainingReport.Load(reportPath).ValidationAccuracy;
        if (!(accuracy >= minimum))
        {
            throw new InputException(
                string.Create(CultureInfo.InvariantCulture,
                    $"the model's final validation accuracy {accuracy:P2} is below the {Name} profile's minimum {minimum:P2}; train longer (run --epochs N) after deleting {Path.GetFileName(modelPath)}, or re-run with --fresh"),
                reportPath, field: "validationAccuracy");
        }
    }
}
