namespace Saliency.Contracts;

/// <summary>
/// A snapshot of a sweep's progress. "Samples" count (sample, trial) pairs: <see cref="SamplesTotal"/> =
/// resolved samples x trials; <see cref="SamplesDone"/> includes failed and skipped samples (they are finished).
/// <see cref="SamplesComputedThisRun"/> excludes results loaded from storage on resume, so
/// <c>SamplesComputedThisRun / ElapsedSeconds</c> is the rate. <see cref="Retries"/> counts re-scheduled attempts.
/// </summary>
[GenerateSerializer, Immutable, Alias("saliency.SweepStatus")]
public sealed record SweepStatus(
    [property: Id(0)] string SweepId,
    [property: Id(1)] string Name,
    [property: Id(2)] SweepState State,
    [property: Id(3)] int SamplesTotal,
    [property: Id(4)] int SamplesDone,
    [property: Id(5)] int SamplesFailed,
    [property: Id(6)] int SamplesSkipped,
    [property: Id(7)] int ShardsTotal,
    [property: Id(8)] int ShardsDone,
    [property: Id(9)] int ShardsRunning,
    [property: Id(10)] int Retries,
    [property: Id(11)] int SamplesComputedThisRun,
    [property: Id(12)] double ElapsedSeconds,
    [property: Id(13)] IReadOnlyList<TrialProgress> Trials,
    [property: Id(14)] IReadOnlyList<WorkerUsage> Workers,
    [property: Id(15)] IReadOnlyList<ShardFailure> FailedShards,
    [property: Id(16)] string? Message)
{
    /// <summary>True for Completed, Cancelled and Failed.</summary>
    public bool IsFinished => State is SweepState.Completed or SweepState.Cancelled or SweepState.Failed;
}
