namespace Saliency.Storage;

/// <summary>
/// A flat store of immutable-by-convention objects addressed by <see cref="ObjectKey"/> (<c>a/b/c.json</c>).
/// <para>Guarantees of every implementation: <see cref="PutAsync"/> is atomic (a reader sees no object, the old one,
/// or the complete new one; never a partial one) and idempotent (putting the same content twice leaves one object);
/// <see cref="ListAsync"/> shows only complete objects. Transient outages are retried inside each call.</para>
/// </summary>
public interface IObjectStore
{
    /// <summary>Where the objects live, for messages and logs (never contains credentials).</summary>
    string Description { get; }

    /// <summary>Stores <paramref name="content"/> (read from its current position to its end) under <paramref name="key"/>.</summary>
    Task PutAsync(string key, Stream content, CancellationToken ct = default);

    /// <summary>Copies the object into <paramref name="destination"/>; false (nothing written) when it does not exist.</summary>
    Task<bool> TryDownloadAsync(string key, Stream destination, CancellationToken ct = default);

    /// <summary>Every complete object whose key starts with <paramref name="prefix"/>, ordered by key (ordinal).</summary>
    Task<IReadOnlyList<StoredObject>> ListAsync(string prefix, CancellationToken ct = default);

    /// <summary>Deletes the object; false when it did not exist.</summary>
    Task<bool> DeleteAsync(string key, CancellationToken ct = default);
}
