using Saliency.Core.IO;
namespace Saliency.Storage;

/// <summary>
/// A local copy of store objects for silos: the first <see cref="GetLocalPathAsync"/> of a key downloads it into
/// the cache folder (through a temporary file renamed into place), later calls return the cached file. Concurrent
/// calls for the same key download once.
/// </summary>
public sealed class ObjectCache(IObjectStore store, string directory)
{
    private readonly Dictionary<string, Lazy<Task<string>>> _inFlight = [];

    public string Directory { get; } = Path.GetFullPath(directory);

    /// <summary>Downloads made by this instance (cache misses).</summary>
    public int Downloads => _downloads;

    private int _downloads;

    /// <summary>The cached file of <paramref name="key"/>; throws <see cref="FileNotFoundException"/> when the store lacks it.</summary>
    public Task<string> GetLocalPathAsync(string key, CancellationToken ct = default)
    {
        var path = Path.Combine(Directory, ObjectKey.Check(key).Replace('/', Path.DirectorySeparatorChar));
        if (File.Exists(path))
        {
            return Task.FromResult(path);
        }

        Lazy<Task<string>> download;
        lock (_inFlight)
        {
            // Re-checked under the lock: a download that finished meanwhile moved its file before leaving the map.
            if (File.Exists(path))
            {
                return Task.FromResult(path);
            }

            if (!_inFlight.TryGetValue(key, out download!))
            {
                download = new Lazy<Task<string>>(() => DownloadAsync(key, path, ct));
                _inFlight[key] = download;
            }
        }

        return AwaitAndForget(key, download);
    }

    private async Task<string> AwaitAndForget(string key, Lazy<Task<string>> download)
    {
        try
        {
            return await download.Value.ConfigureAwait(false);
        }
        finally
        {
            lock (_inFlight)
            {
                _inFlight.Remove(key);
            }
        }
    }

    private async Task<string> DownloadAsync(string key, string path, CancellationToken ct)
    {
        await AtomicFile.WriteAsync(path, async file =>
        {
            if (!await store.TryDownloadAsync(key, file, ct).ConfigureAwait(false))
            {
                throw new FileNotFoundException($"{key} is not in {store.Description}", key);
            }
        }, ct).ConfigureAwait(false);
        Interlocked.Increment(ref _downloads);
        return path;
    }
}
