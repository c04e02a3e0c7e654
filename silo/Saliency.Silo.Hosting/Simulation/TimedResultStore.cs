using System.Diagnostics;
using Saliency.Contracts;
using Saliency.Grains.Storage;

namespace Saliency.Silo.Hosting.Simulation;

/// <summary>A result store that times every operation of the one it wraps into a <see cref="PoolProbe"/>.</summary>
public sealed class TimedResultStore(IResultStore inner, PoolProbe probe) : IResultStore
{
    public Task WriteManifestAsync(SweepManifest manifest, CancellationToken ct = default) => Timed(() => inner.WriteManifestAsync(manifest, ct));

    public Task<SweepManifest?> ReadManifestAsync(string sweepId, CancellationToken ct = default) => Timed(() => inner.ReadManifestAsync(sweepId, ct));

    public Task WriteShardAsync(ShardResult result, CancellationToken ct = default) => Timed(() => inner.WriteShardAsync(result, ct));

    public Task<ShardResult?> ReadShardAsync(ShardKey key, CancellationToken ct = default) => Timed(() => inner.ReadShardAsync(key, ct));

    public Task<IReadOnlyList<ShardResult>> ReadShardsAsync(string sweepId, string? trialId = null, CancellationToken ct = default) =>
        Timed(() => inner.ReadShardsAsync(sweepId, trialId, ct));

    public Task<IReadOnlyList<ShardKey>> ListShardsAsync(string sweepId, CancellationToken ct = default) => Timed(() => inner.ListShardsAsync(sweepId, ct));

    public Task<IReadOnlyList<string>> ListSweepsAsync(CancellationToken ct = default) => Timed(() => inner.ListSweepsAsync(ct));

    public Task WriteArtifactAsync(string sweepId, string name, ReadOnlyMemory<byte> content, CancellationToken ct = default) =>
        Timed(() => inner.WriteArtifactAsync(sweepId, name, content, ct));

    public Task<byte[]?> ReadArtifactAsync(string sweepId, string name, CancellationToken ct = default) => Timed(() => inner.ReadArtifactAsync(sweepId, name, ct));

    public Task<IReadOnlyList<string>> ListArtifactsAsync(string sweepId, string prefix = "", CancellationToken ct = default) =>
        Timed(() => inner.ListArtifactsAsync(sweepId, prefix, ct));

    private async Task Timed(Func<Task> operation)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            await operation();
        }
        finally
        {
            probe.StoreCall(start);
        }
    }

    private async Task<T> Timed<T>(Func<Task<T>> operation)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            return await operation();
        }
        finally
        {
            probe.StoreCall(start);
        }
    }
}
