using Saliency.Contracts;

namespace Saliency.Grains.Scheduling;

/// <summary>
/// Scheduling state of one shard of a sweep. It holds no shard result (the result store owns results, the trial
/// aggregator holds them for aggregation): only what the scheduler and the status need, i.e. its phase, attempts,
/// last error, and once done the counts and place of its result (<see cref="Outcome"/>).
/// </summary>
public sealed class ShardTracker(ShardKey key, TrialSpec trial, int sampleCount)
{
    public ShardKey Key { get; } = key;

    public TrialSpec Trial { get; } = trial;

    public int SampleCount { get; } = sampleCount;

    public ShardPhase Phase { get; internal set; } = ShardPhase.Pending;

    /// <summary>Attempts started in this run (a result loaded from storage needs none).</summary>
    public int Attempts { get; internal set; }

    /// <summary>Reschedules after a silo loss or unreachable silo (these use up no attempt).</summary>
    public int InfrastructureRetries { get; internal set; }

    public string? LastError { get; internal set; }

    /// <summary>The finished result's counts and place; set when <see cref="Phase"/> is <see cref="ShardPhase.Done"/>.</summary>
    public ShardOutcome? Outcome { get; internal set; }

    /// <summary>
    /// For a shard of a batching-only variant outside the sweep's timing samples: the shard of the family's reference
    /// variant whose scores it takes (<see cref="ShardPhase.Derived"/> until that shard is done).
    /// </summary>
    public ShardKey? DerivedFrom { get; private set; }

    /// <summary>Marks the shard as taking <paramref name="reference"/>'s scores instead of being computed.</summary>
    public void DeriveFrom(ShardKey reference)
    {
        DerivedFrom = reference;
        Phase = ShardPhase.Derived;
    }

    /// <summary>The reference shard failed for good: so does this one.</summary>
    public void ReferenceFailed(string error)
    {
        Phase = ShardPhase.Failed;
        LastError = error;
    }

    /// <summary>Marks a shard whose result is already stored (resume).</summary>
    public void LoadedFromStore(ShardResult result)
    {
        Phase = ShardPhase.Done;
        Outcome = ShardOutcome.Of(result);
    }
}

/// <summary>Where a shard is in its life: waiting, in flight, finished with a result, or out of attempts.</summary>
public enum ShardPhase
{
    Pending,
    Running,
    Done,
    Failed,

    /// <summary>Not computed: waits for its reference shard (<see cref="ShardTracker.DerivedFrom"/>) and takes its scores.</summary>
    Derived,
}

/// <summary>What the status needs of a finished shard: failed and skipped sample counts, and where it ran.</summary>
public sealed record ShardOutcome(int Failed, int Skipped, string Silo, string Device)
{
    public static ShardOutcome Of(ShardResult result) => new(
        result.Samples.Count(s => s.Outcome == SampleOutcome.Failed),
        result.Samples.Count(s => s.Outcome == SampleOutcome.Skipped),
        result.Silo,
        result.Device);
}
