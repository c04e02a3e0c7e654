using System.Collections.Concurrent;
using Saliency.Storage;

namespace Saliency.Grains.Tests;

/// <summary>An <see cref="IObjectStore"/> that records when each put started and ended (UTC), and counts downloads of existing objects per key.</summary>
internal sealed class TimedObjectStore(IObjectStore inner) : IObjectStore
{
    public ConcurrentQueue<(string Key, DateTime Start, DateTime End)> Puts { get; } = new();

    public ConcurrentDictionary<string, int> Downloads { get; } = new();

    public string Description => inner.Description;

    public async Task PutAsync(string key, Stream content, CancellationToken ct = default)
    {
        var start = DateTime.UtcNow;
        await inner.PutAsync(key, content, ct);
        Puts.Enqueue((key, start, DateTime.UtcNow));
    }

    /// <summary>Downloads of objects that exist (a look-up of an absent object, e.g. a patch set's optional Table 1
    /// sidecar, is not a download).</summary>
    public async Task<bool> TryDownloadAsync(string key, Stream destination, CancellationToken ct = default)
    {
        var found = await inner.TryDownloadAsync(key, destination, ct);
        if (found)
        {
            Downloads.AddOrUpdate(key, 1, (_, n) => n + 1);
        }

        return found;
    }

    public Task<IReadOnlyList<StoredObject>> ListAsync(string prefix, CancellationToken ct = default) => inner.ListAsync(prefix, ct);

    public Task<bool> DeleteAsync(string key, CancellationToken ct = default) => inner.DeleteAsync(key, ct);
}
