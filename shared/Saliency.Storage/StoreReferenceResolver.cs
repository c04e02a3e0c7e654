using Saliency.Core;
using Saliency.Core.IO;

namespace Saliency.Storage;

/// <summary>
/// Turns a sweep's data, model or samples location into a local file: a plain path is returned as given; a
/// <c>store:KEY</c> reference (<see cref="StoreReference"/>) is downloaded once into <see cref="Cache"/> and the
/// cached copy's path is returned from then on. Without a store, references are an <see cref="InputException"/>.
/// </summary>
public sealed class StoreReferenceResolver
{
    private readonly Lazy<ObjectCache>? _cache;

    /// <param name="cache">Builds the cache on the first reference (so a silo that never sees one never opens its store).</param>
    public StoreReferenceResolver(Func<ObjectCache>? cache)
    {
        _cache = cache is null ? null : new Lazy<ObjectCache>(cache);
    }

    /// <summary>A resolver for silos without storage: local paths only.</summary>
    public static StoreReferenceResolver LocalOnly { get; } = new(null);

    /// <summary>The cache (built on first use; null without storage).</summary>
    public ObjectCache? Cache => _cache?.Value;

    /// <summary>The local path of <paramref name="pathOrReference"/>; blocks while a first download runs.</summary>
    public string LocalPath(string pathOrReference, CancellationToken ct = default)
    {
        if (!StoreReference.IsReference(pathOrReference))
        {
            return pathOrReference;
        }

        var cache = Cache ?? throw new InputException(
            $"{pathOrReference} names an object in storage, but this silo has no storage configured (section Storage)", field: "data");
        try
        {
            return cache.GetLocalPathAsync(ObjectKey.Check(StoreReference.Key(pathOrReference)), ct).GetAwaiter().GetResult();
        }
        catch (FileNotFoundException e)
        {
            throw new InputException($"{pathOrReference}: {e.Message}", pathOrReference);
        }
    }
}
