namespace Saliency.Storage;

/// <summary>Byte-array helpers over <see cref="IObjectStore"/>.</summary>
public static class ObjectStoreExtensions
{
    public static async Task PutBytesAsync(this IObjectStore store, string key, ReadOnlyMemory<byte> bytes, CancellationToken ct = default)
    {
        using var stream = new MemoryStream(bytes.ToArray(), writable: false);
        await store.PutAsync(key, stream, ct).ConfigureAwait(false);
    }

    /// <summary>The object's bytes, or null when it does not exist.</summary>
    public static async Task<byte[]?> ReadBytesAsync(this IObjectStore store, string key, CancellationToken ct = default)
    {
        using var buffer = new MemoryStream();
        return await store.TryDownloadAsync(key, buffer, ct).ConfigureAwait(false) ? buffer.ToArray() : null;
    }
}
