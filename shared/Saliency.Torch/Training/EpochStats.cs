namespace Saliency.Torch.Training;

/// <summary>
/// One finished epoch: mean training cross-entropy and accuracy (over the epoch's batches, in training mode, with
/// augmentation), validation loss and accuracy (eval mode), the epoch's wall time and the estimated time left.
/// Validation values are NaN when there is no validation data.
/// </summary>
public sealed record EpochStats(
    int Epoch,
    int Epochs,
    double TrainLoss,
    double TrainAccuracy,
    double ValidationLoss,
    double ValidationAccuracy,
    TimeSpan Elapsed,
    TimeSpan Remaining)
{
    public override string ToString() =>
        $"epoch {Epoch}/{Epochs}: loss {TrainLoss:F4}, train acc {TrainAccuracy:P1}, val loss {ValidationLoss:F4}, " +
        $"val acc {ValidationAccuracy:P1}, {Elapsed.TotalSeconds:F1} s, ETA {Remaining:hh\\:mm\\:ss}";
}
