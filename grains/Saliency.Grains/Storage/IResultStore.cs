using Saliency.Contracts;

namespace Saliency.Grains.Storage;

/// <summary>
/// Durable storage of sweeps: one manifest per sweep and one result per (trial, shard). Writes are atomic (a
/// reader sees the old or the new content, never a partial one) and idempotent (writing a shard twice keeps one).
/// Shared by every silo of a cluster (a local directory on one machine, a shared volume or blob store otherwise).
/// </summary>
public interface IResultStore
{
    Task WriteManifestAsync(SweepManifest manifest, CancellationToken ct = default);

    Task<SweepManifest?> ReadManifestAsync(string sweepId, CancellationToken ct = default);

    Task WriteShardAsync(ShardResult result, CancellationToken ct = default);

    Task<ShardResult?> ReadShardAsync(ShardKey key, CancellationToken ct = default);

    /// <summary>Every persisted shard of a sweep (optionally of one trial), in (trial, index) order.</summary>
    Task<IReadOnlyList<ShardResult>> ReadShardsAsync(string sweepId, string? trialId = null, CancellationToken ct = default);

    /// <summary>The keys of the persisted shards of a sweep (cheap: no result is read).</summary>
    Task<IReadOnlyList<ShardKey>> ListShardsAsync(string sweepId, CancellationToken ct = default);

    /// <summary>Ids of every sweep with a manifest.</summary>
    Task<IReadOnlyList<string>> ListSweepsAsync(CancellationToken ct = default);

    /// <summary>
    /// Stores a file of a sweep's results besides the shard results (Table 1 of its data set, the raw maps and
    /// patches of its first samples), under a relative '/'-separated <paramref name="name"/> (see
    /// <see cref="SweepArtifacts"/>). Atomic and idempotent like the shards.
    /// </summary>
    Task WriteArtifactAsync(string sweepId, string name, ReadOnlyMemory<byte> content, CancellationToken ct = default);

    /// <summary>The artifact's bytes, or null when it does not exist.</summary>
    Task<byte[]?> ReadArtifactAsync(string sweepId, string name, CancellationToken ct = default);

    /// <summary>Names of a sweep's artifacts that start with <paramref name="prefix"/>, in ordinal order.</summary>
    Task<IReadOnlyList<string>> ListArtifactsAsync(string sweepId, string prefix = "", CancellationToken ct = default);
}
