namespace Saliency.Torch.Training;

/// <summary>
/// Hyper-parameters of <see cref="FineTuner"/>. Adam with <see cref="LearningRate"/>, cross-entropy loss,
/// mini-batches of <see cref="BatchSize"/> drawn in a seeded shuffled order. The seed also fixes the head's
/// initialisation (<c>torch.manual_seed</c>) and the flips, so CPU runs repeat exactly for a seed and thread count.
/// </summary>
public sealed record TrainingOptions
{
    public int Epochs { get; init; } = 50;

    public int BatchSize { get; init; } = 16;

    public double LearningRate { get; init; } = 1e-3;

    public ulong Seed { get; init; } = 1;

    /// <summary>Random horizontal and vertical flips of training patches.</summary>
    public bool Augment { get; init; } = true;

    /// <summary>
    /// After each epoch, re-estimate the trained BatchNorm layers' running statistics over the training patches
    /// (<see cref="BatchNormRecalibration"/>); costs one extra forward pass over the training set per epoch.
    /// </summary>
    public bool RecalibrateBatchNorm { get; init; } = true;

    /// <summary>Stages whose parameters are trained (<see cref="TrainedStages.Paper"/> by default).</summary>
    public IReadOnlyList<string> Stages { get; init; } = TrainedStages.Paper;

    public TrainingOptions Validate()
    {
        if (Epochs < 1 || BatchSize < 1)
        {
            throw new Core.InputException($"epochs ({Epochs}) and batch size ({BatchSize}) must be >= 1", field: "--epochs/--batch-size");
        }

        if (!(LearningRate > 0) || double.IsInfinity(LearningRate))
        {
            throw new Core.InputException($"learning rate must be > 0, got {LearningRate}", field: "--lr");
        }

        return this;
    }
}
