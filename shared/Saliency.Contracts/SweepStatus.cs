namespace Saliency.Contracts;

/// <summary>Progress of one trial: shards and (sample, trial) results done out of the total.</summary>
[GenerateSerializer, Immutable, Alias("saliency.TrialProgress")]
public sealed record TrialProgress(
    [property: Id(0)] string TrialId,
    [property: Id(1)] string VariantId,
    [property: Id(2)] int ShardsDone,
    [property: Id(3)] int ShardsTotal,
    [property: Id(4)] int SamplesDone,
    [property: Id(5)] int SamplesTotal);

/// <summary>A silo (and its device) that ran work of this sweep, with its shard counts in this run.</summary>
[GenerateSerializer, Immutable, Alias("saliency.WorkerUsage")]
public sealed record WorkerUsage(
    [property: Id(0)] string Silo,
    [property: Id(1)] string Device,
    [property: Id(2)] int ShardsRunning,
    [property: Id(3)] int ShardsDone);

/// <summary>A shard that failed every allowed attempt: its key, attempts and the last error.</summary>
[GenerateSerializer, Immutable, Alias("saliency.ShardFailure")]
public sealed record ShardFailure(
    [property: Id(0)] ShardKey Key,
    [property: Id(1)] int Attempts,
    [property: Id(2)] string Error);

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
