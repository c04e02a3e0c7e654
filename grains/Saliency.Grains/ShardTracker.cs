using Saliency.Contracts;

namespace Saliency.Grains;

/// <summary>Scheduling state of one shard inside a sweep grain.</summary>
internal sealed class ShardTracker(ShardKey key, TrialSpec trial, int sampleCount)
{
    public ShardKey Key { get; } = key;

    public TrialSpec Trial { get; } = trial;

    public int SampleCount { get; } = sampleCount;

    public ShardPhase Phase { get; set; } = ShardPhase.Pending;

    /// <summary>Attempts started in this run (a result loaded from storage needs none).</summary>
    public int Attempts { get; set; }

    /// <summary>Reschedules after a silo loss or unreachable silo (these use up no attempt).</summary>
    public int InfrastructureRetries { get; set; }

    public string? LastError { get; set; }

    public ShardResult? Result { get; set; }
}

/// <summary>Where a shard is in its life: waiting, in flight, finished with a result, or out of attempts.</summary>
internal enum ShardPhase
{
    Pending,
    Running,
    Done,
    Failed,
}
