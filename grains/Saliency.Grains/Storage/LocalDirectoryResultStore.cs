using System.Text.Json;
using Microsoft.Extensions.Options;
using Saliency.Contracts;

namespace Saliency.Grains.Storage;

/// <summary>
/// <see cref="IResultStore"/> on a local (or shared) folder:
/// <c>ROOT/SWEEP/manifest.json</c> and <c>ROOT/SWEEP/shards/TRIAL/NNNNNN.json</c> (shard index, 6 digits).
/// Each file is written to a unique temporary name in the same folder and then renamed over the final name, which
/// is atomic on POSIX file systems, so readers never see partial files and concurrent writers of the same shard
/// (a shard computed twice after a silo loss) leave one complete copy. Temporary files start with <c>.tmp-</c>
/// and are ignored by readers.
/// </summary>
public sealed class LocalDirectoryResultStore(IOptions<ResultStoreOptions> options) : IResultStore
{
    public LocalDirectoryResultStore(string root)
        : this(Options.Create(new ResultStoreOptions { Directory = root }))
    {
    }

    public string Root { get; } = Path.GetFullPath(options.Value.Directory);

    public Task WriteManifestAsync(SweepManifest manifest, CancellationToken ct = default) =>
        WriteAtomicAsync(PathOf(ResultKeys.Manifest(manifest.Spec.SweepId)), manifest, ct);

    public Task<SweepManifest?> ReadManifestAsync(string sweepId, CancellationToken ct = default) =>
        ReadAsync<SweepManifest>(PathOf(ResultKeys.Manifest(sweepId)), ct);

    public Task WriteShardAsync(ShardResult result, CancellationToken ct = default) =>
        WriteAtomicAsync(PathOf(ResultKeys.Shard(result.Key)), result, ct);

    public Task<ShardResult?> ReadShardAsync(ShardKey key, CancellationToken ct = default) =>
        ReadAsync<ShardResult>(PathOf(ResultKeys.Shard(key)), ct);

    public async Task<IReadOnlyList<ShardResult>> ReadShardsAsync(string sweepId, string? trialId = null, CancellationToken ct = default)
    {
        var results = new List<ShardResult>();
        foreach (var key in await ListShardsAsync(sweepId, ct))
        {
            if (trialId is null || key.TrialId == trialId)
            {
                var r = await ReadShardAsync(key, ct);
                if (r is not null)
                {
                    results.Add(r);
                }
            }
        }

        return results;
    }

    public Task<IReadOnlyList<ShardKey>> ListShardsAsync(string sweepId, CancellationToken ct = default)
    {
        var folder = PathOf(ResultKeys.ShardsPrefix(sweepId));
        var keys = new List<ShardKey>();
        if (Directory.Exists(folder))
        {
            foreach (var trialFolder in Directory.EnumerateDirectories(folder))
            {
                var trialId = Path.GetFileName(trialFolder);
                foreach (var file in Directory.EnumerateFiles(trialFolder, "*.json"))
                {
                    if (ResultKeys.ParseShard(sweepId, $"{trialId}/{Path.GetFileName(file)}") is { } key)
                    {
                        keys.Add(key);
                    }
                }
            }
        }

        return Task.FromResult(ResultKeys.Ordered(keys));
    }

    public Task<IReadOnlyList<string>> ListSweepsAsync(CancellationToken ct = default)
    {
        IReadOnlyList<string> ids = Directory.Exists(Root)
            ? Directory.EnumerateDirectories(Root)
                .Where(d => File.Exists(Path.Combine(d, ResultKeys.ManifestName)))
                .Select(d => Path.GetFileName(d)!)
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];
        return Task.FromResult(ids);
    }

    private string PathOf(string relativeKey) => Path.Combine(Root, relativeKey.Replace('/', Path.DirectorySeparatorChar));

    private static async Task WriteAtomicAsync<T>(string path, T value, CancellationToken ct)
    {
        var folder = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $".tmp-{Guid.NewGuid():N}");
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
            {
                await JsonSerializer.SerializeAsync(stream, value, StoreJson.Options, ct);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    private static async Task<T?> ReadAsync<T>(string path, CancellationToken ct)
        where T : class
    {
        if (!File.Exists(path))
        {
            return null;
        }

        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return await JsonSerializer.DeserializeAsync<T>(stream, StoreJson.Options, ct);
    }
}
