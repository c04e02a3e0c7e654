namespace Saliency.Torch.Model;

/// <summary>
/// How a checkpoint was trained: the data and its split (needed to reproduce the validation set for sample
/// selection), the hyper-parameters and the validation result.
/// </summary>
public sealed record TrainingInfo
{
    /// <summary>Path of the patch-set file as given on the command line.</summary>
    public required string PatchSet { get; init; }

    /// <summary>SHA-256 of the patch-set file, lower-case hex.</summary>
    public required string PatchSetSha256 { get; init; }

    /// <summary>Seed of the train/validation split (and of weight init, shuffling and augmentation).</summary>
    public required ulong Seed { get; init; }

    /// <summary>Share of the patches held out for validation.</summary>
    public required double ValidationFraction { get; init; }

    public required int Epochs { get; init; }

    public required int BatchSize { get; init; }

    public required double LearningRate { get; init; }

    /// <summary>Pretrained weights file the training started from, or null when trained from scratch.</summary>
    public string? Pretrained { get; init; }

    /// <summary>Top-level stages whose parameters were trained (the rest were frozen).</summary>
    public required IReadOnlyList<string> TrainedStages { get; init; }

    public required int TrainCount { get; init; }

    public required int ValidationCount { get; init; }

    /// <summary>Fraction of validation patches classified correctly after the last epoch.</summary>
    public required double ValidationAccuracy { get; init; }

    public required double TrainingSeconds { get; init; }

    public required string Device { get; init; }

    public required DateTime CreatedUtc { get; init; }
}
