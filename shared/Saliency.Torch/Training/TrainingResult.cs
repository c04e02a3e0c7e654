namespace Saliency.Torch.Training;

/// <summary>
/// Outcome of <see cref="FineTuner.Train"/>: per-epoch statistics, the class of each logit (patch-set label), the
/// per-class counts of both sides and the final validation confusion matrix (logit indices).
/// </summary>
public sealed record TrainingResult(
    IReadOnlyList<int> ClassIds,
    IReadOnlyList<EpochStats> Epochs,
    int[] TrainClassCounts,
    int[] ValidationClassCounts,
    ConfusionMatrix ValidationConfusion,
    TimeSpan Duration)
{
    public double ValidationAccuracy => ValidationConfusion.Accuracy;
}
