namespace Saliency.Contracts;

/// <summary>
/// One sweep, keyed by its sweep id (<see cref="SweepSpec.SweepId"/>). Expands nothing itself (the spec comes
/// expanded), resolves the samples once, schedules the shards on the work grains with bounded concurrency,
/// retries failed shards up to <see cref="SweepSpec.MaxAttempts"/>, and persists its manifest so that
/// <see cref="Resume"/> works after a full cluster restart.
/// </summary>
public interface ISweepGrain : IGrainWithStringKey
{
    /// <summary>Starts the sweep (or continues it when this id already has results; the spec must be unchanged).</summary>
    Task<SweepStatus> Submit(SweepSpec spec);

    /// <summary>Continues a sweep from its persisted manifest: computes only the shards without a result.</summary>
    Task<SweepStatus> Resume();

    /// <summary>Stops scheduling and cancels the running shards; finished shards stay.</summary>
    Task<SweepStatus> Cancel();

    Task<SweepStatus> GetStatus();

    /// <summary>The sweep's spec as submitted.</summary>
    Task<SweepSpec> GetSpec();

    /// <summary>Per-trial aggregates over the shards finished so far.</summary>
    Task<SweepResults> GetResults();

    /// <summary>The persisted shard results of one trial (per-sample rows for export), in shard order.</summary>
    Task<IReadOnlyList<ShardResult>> GetShardResults(string trialId);

    /// <summary>Names of the sweep's stored artifacts starting with <paramref name="prefix"/> (Table 1, maps of its first samples).</summary>
    Task<IReadOnlyList<string>> ListArtifacts(string prefix);

    /// <summary>One stored artifact's bytes, or null when it does not exist.</summary>
    Task<byte[]?> GetArtifact(string name);
}
