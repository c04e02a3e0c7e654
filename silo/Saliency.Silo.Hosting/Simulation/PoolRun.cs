using Saliency.Contracts;

namespace Saliency.Silo.Hosting.Simulation;

/// <summary>
/// What one pool simulation measured. Seconds are real (as run) unless named modelled; modelled = real / time scale.
/// </summary>
public sealed record PoolRun
{
    public required PoolSimulationOptions Options { get; init; }

    public required SweepStatus Status { get; init; }

    /// <summary>Every stored shard result of the sweep.</summary>
    public required IReadOnlyList<ShardResult> Shards { get; init; }

    /// <summary>Every trial's aggregate (<see cref="ISweepGrain.GetResults"/>).</summary>
    public required IReadOnlyList<TrialAggregate> Aggregates { get; init; }

    /// <summary>Every work-grain call the probe saw.</summary>
    public required IReadOnlyList<ShardCall> ShardCalls { get; init; }

    /// <summary>The sweep grain's run clock: from the start of the run to the manifest saved as finished.</summary>
    public required double WallSeconds { get; init; }

    /// <summary>Submit call to the first work-grain call arriving on a device.</summary>
    public required double FirstDispatchSeconds { get; init; }

    /// <summary>The sweep grain's waits on aggregator Add calls, in all.</summary>
    public required double AggregatorSeconds { get; init; }

    /// <summary>Result-store operations, in all (work grains, sweep grain, aggregators).</summary>
    public required double StoreSeconds { get; init; }

    /// <summary>Bytes allocated in the process during the run (all grains, Orleans, the store).</summary>
    public required long AllocatedBytes { get; init; }

    /// <summary>Managed heap after the run minus before it, both after a full collection (sweep grain and aggregators still active).</summary>
    public required long RetainedBytes { get; init; }

    /// <summary>
    /// The sweep grain's own managed memory once the sweep finished (every shard tracked): the heap with its activation
    /// minus the heap after deactivating that activation alone, both after full collections.
    /// </summary>
    public required long SweepGrainBytes { get; init; }

    /// <summary>Device seconds of the computed shards (each result's own time on its device thread).</summary>
    public double BusySeconds => Shards.Sum(s => s.WallSeconds);

    /// <summary>Busy silo-seconds / (silos x wall): how well the scheduler kept every simulated GPU working.</summary>
    public double Efficiency => BusySeconds / (Options.Silos * WallSeconds);

    /// <summary>Aggregator and store seconds per shard (real: orchestration work does not scale with the model).</summary>
    public double OverheadPerShardSeconds => (AggregatorSeconds + StoreSeconds) / Math.Max(1, Shards.Count);

    /// <summary>A shard's modelled GPU time, on average.</summary>
    public double MeanShardModelledSeconds => BusySeconds / Math.Max(1, Shards.Count) / Options.TimeScale;

    public double ModelledSeconds(double realSeconds) => realSeconds / Options.TimeScale;
}
