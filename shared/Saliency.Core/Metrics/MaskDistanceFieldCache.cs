namespace Saliency.Core.Metrics;

/// <summary>
/// A thread-safe, size-bounded cache of <see cref="MaskDistanceField"/>s keyed by a caller-chosen string (e.g. the
/// image id), so that the distance transform runs once per mask however many maps are scored against it. When full,
/// the least recently used entry is evicted. The factory may run more than once for a key under contention, but
/// only one result is kept.
/// </summary>
public sealed class MaskDistanceFieldCache
{
    private readonly object _gate = new();
    private readonly Dictionary<string, LinkedListNode<KeyValuePair<string, MaskDistanceField>>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<KeyValuePair<string, MaskDistanceField>> _recency = new();

    /// <param name="capacity">Most fields kept (a 256 x 1600 field takes about 3.7 MB).</param>
    public MaskDistanceFieldCache(int capacity = 64)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
    }

    public int Capacity { get; }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>The cached field for <paramref name="key"/>, built with <paramref name="factory"/> when absent.</summary>
    public MaskDistanceField GetOrCreate(string key, Func<MaskDistanceField> factory)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                return node.Value.Value;
            }
        }

        var created = factory();
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                return node.Value.Value;
            }

            var added = _recency.AddFirst(new KeyValuePair<string, MaskDistanceField>(key, created));
            _entries[key] = added;
            if (_entries.Count > Capacity)
            {
                var oldest = _recency.Last!;
                _recency.RemoveLast();
                _entries.Remove(oldest.Value.Key);
            }

            return created;
        }
    }
}
