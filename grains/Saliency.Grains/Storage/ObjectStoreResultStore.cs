using System.Text.Json;
using Saliency.Contracts;
using Saliency.Storage;

namespace Saliency.Grains.Storage;

/// <summary>
/// The <see cref="IResultStore"/>, on an <see cref="IObjectStore"/>: Azure Blob Storage in production, a local or
/// shared folder (<see cref="LocalDirectoryObjectStore"/>) on one machine. Layout <see cref="ResultKeys"/>
/// (<c>SWEEP/manifest.json</c>, <c>SWEEP/shards/TRIAL/NNNNNN.json</c>, <c>SWEEP/artifacts/NAME</c>) under
/// <see cref="Prefix"/>, JSON in camelCase with NaN allowed (<see cref="StoreJson"/>). Atomicity and idempotence come
/// from <see cref="IObjectStore.PutAsync"/> (a reader sees a whole result or none; a shard written twice is one
/// object). Every operation is retried over a storage outage by <see cref="RetryPolicy"/> (bounded, with back-off),
/// then fails with <see cref="ResultStoreUnavailableException"/>. Listing sweeps lists every key under the prefix.
/// </summary>
public sealed class ObjectStoreResultStore : IResultStore
{
    private readonly IObjectStore _store;

    /// <param name="store">Where the objects go.</param>
    /// <param name="prefix">Key prefix of every result (e.g. <c>results</c>; empty: the store's root).</param>
    /// <param name="retryPolicy">Retries over outages (default <see cref="StorageRetryPolicy.Default"/>).</param>
    public ObjectStoreResultStore(IObjectStore store, string prefix = "", StorageRetryPolicy? retryPolicy = null)
    {
        _store = store;
        Prefix = prefix.Trim('/').Length == 0 ? "" : ObjectKey.Check(prefix.Trim('/')) + "/";
        RetryPolicy = retryPolicy ?? StorageRetryPolicy.Default;
    }

    /// <summary>The key prefix, empty or ending in '/'.</summary>
    public string Prefix { get; }

    public StorageRetryPolicy RetryPolicy { get; }

    /// <summary>Where the results live (no credentials).</summary>
    public string Description => $"{_store.Description} ({Prefix})";

    public Task WriteManifestAsync(SweepManifest manifest, CancellationToken ct = default) =>
        WriteAsync(ResultKeys.Manifest(manifest.Spec.SweepId), manifest, ct);

    public Task<SweepManifest?> ReadManifestAsync(string sweepId, CancellationToken ct = default) =>
        ReadAsync<SweepManifest>(ResultKeys.Manifest(sweepId), ct);

    public Task WriteShardAsync(ShardResult result, CancellationToken ct = default) =>
        WriteAsync(ResultKeys.Shard(result.Key), result, ct);

    public Task<ShardResult?> ReadShardAsync(ShardKey key, CancellationToken ct = default) =>
        ReadAsync<ShardResult>(ResultKeys.Shard(key), ct);

    public async Task<IReadOnlyList<ShardResult>> ReadShardsAsync(string sweepId, string? trialId = null, CancellationToken ct = default)
    {
        var results = new List<ShardResult>();
        foreach (var key in await ListShardsAsync(sweepId, ct).ConfigureAwait(false))
        {
            if (trialId is null || key.TrialId == trialId)
            {
                var r = await ReadShardAsync(key, ct).ConfigureAwait(false);
                if (r is not null)
                {
                    results.Add(r);
                }
            }
        }

        return results;
    }

    public async Task<IReadOnlyList<ShardKey>> ListShardsAsync(string sweepId, CancellationToken ct = default)
    {
        var prefix = Prefix + ResultKeys.ShardsPrefix(sweepId);
        var objects = await RetryPolicy.RunAsync($"list {prefix}", c => _store.ListAsync(prefix, c), ct).ConfigureAwait(false);
        return ResultKeys.Ordered(objects
            .Select(o => ResultKeys.ParseShard(sweepId, o.Key[prefix.Length..]))
            .OfType<ShardKey>());
    }

    public async Task<IReadOnlyList<string>> ListSweepsAsync(CancellationToken ct = default)
    {
        var objects = await RetryPolicy.RunAsync($"list {Prefix}", c => _store.ListAsync(Prefix, c), ct).ConfigureAwait(false);
        return objects
            .Select(o => o.Key[Prefix.Length..].Split('/'))
            .Where(parts => parts.Length == 2 && parts[1] == ResultKeys.ManifestName)
            .Select(parts => parts[0])
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    public Task WriteArtifactAsync(string sweepId, string name, ReadOnlyMemory<byte> content, CancellationToken ct = default)
    {
        var key = Prefix + ResultKeys.Artifact(sweepId, name);
        var bytes = content.ToArray();
        return RetryPolicy.RunAsync($"write {key}", async c =>
        {
            await _store.PutBytesAsync(key, bytes, c).ConfigureAwait(false);
            return true;
        }, ct);
    }

    public Task<byte[]?> ReadArtifactAsync(string sweepId, string name, CancellationToken ct = default)
    {
        var key = Prefix + ResultKeys.Artifact(sweepId, name);
        return RetryPolicy.RunAsync($"read {key}", c => _store.ReadBytesAsync(key, c), ct);
    }

    public async Task<IReadOnlyList<string>> ListArtifactsAsync(string sweepId, string prefix = "", CancellationToken ct = default)
    {
        var folder = Prefix + ResultKeys.ArtifactsPrefix(sweepId);
        var objects = await RetryPolicy.RunAsync($"list {folder}", c => _store.ListAsync(folder, c), ct).ConfigureAwait(false);
        return objects.Select(o => o.Key[folder.Length..]).Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
    }

    private Task WriteAsync<T>(string key, T value, CancellationToken ct)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, StoreJson.Options);
        return RetryPolicy.RunAsync($"write {Prefix}{key}", async c =>
        {
            await _store.PutBytesAsync(Prefix + key, bytes, c).ConfigureAwait(false);
            return true;
        }, ct);
    }

    private async Task<T?> ReadAsync<T>(string key, CancellationToken ct)
        where T : class
    {
        var bytes = await RetryPolicy.RunAsync($"read {Prefix}{key}", c => _store.ReadBytesAsync(Prefix + key, c), ct).ConfigureAwait(false);
        return bytes is null ? null : JsonSerializer.Deserialize<T>(bytes, StoreJson.Options);
    }
}
