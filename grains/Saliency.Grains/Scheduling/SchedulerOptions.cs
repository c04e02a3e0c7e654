namespace Saliency.Grains.Scheduling;

/// <summary>Limits and back-off of a <see cref="ShardScheduler{TWorker}"/>.</summary>
public sealed record SchedulerOptions
{
    /// <summary>
    /// Shards in flight per worker (GPU silo): one computing and one queued behind it, so the device never waits for
    /// the round trip of the next shard, while the rest stay queued to go to whichever worker frees up first.
    /// </summary>
    public int PerWorker { get; init; } = 2;

    /// <summary>Shards in flight in all (the sweep's <c>max_concurrent_shards</c>).</summary>
    public int MaxConcurrent { get; init; } = int.MaxValue;

    /// <summary>Attempts per shard whose computation failed (the sweep's <c>max_attempts</c>).</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Reschedules per shard after infrastructure failures (these use up no attempt).</summary>
    public int MaxInfrastructureRetries { get; init; } = 20;

    /// <summary>Back-off before placing a shard again after an infrastructure failure, times its retry count (at most 4x).</summary>
    public TimeSpan InfrastructureBackoff { get; init; } = TimeSpan.FromMilliseconds(500);
}
