using System.Collections.Concurrent;

namespace Saliency.Telemetry;

/// <summary>
/// A thread-safe set of live sources read by an observable instrument's callback. <see cref="Add"/> returns a handle
/// that removes the source when disposed (a device executor, silo or sweep that goes away stops being reported).
/// </summary>
public sealed class ObservableRegistry<T>
{
    private readonly ConcurrentDictionary<long, T> _sources = new();
    private long _nextId;

    /// <summary>Adds a source; dispose the handle to remove it.</summary>
    public IDisposable Add(T source)
    {
        var id = Interlocked.Increment(ref _nextId);
        _sources[id] = source;
        return new Removal(this, id);
    }

    /// <summary>A snapshot of the live sources.</summary>
    public IReadOnlyList<T> Snapshot() => [.. _sources.Values];

    private sealed class Removal(ObservableRegistry<T> owner, long id) : IDisposable
    {
        public void Dispose() => owner._sources.TryRemove(id, out _);
    }
}
