using Saliency.Core.IO;
using Saliency.Storage;

namespace Saliency.Grains.Storage;

/// <summary>Picks the silo's <see cref="IResultStore"/> from <see cref="ResultStoreOptions"/>.</summary>
public static class ResultStoreFactory
{
    /// <param name="options">The <c>Saliency:Results</c> settings.</param>
    /// <param name="storage">The silo's configured object storage (section <c>Storage</c>), for <c>store:</c>.</param>
    /// <param name="environment">Reads environment variables (connection strings of <c>azure://</c>; tests pass their own).</param>
    public static IResultStore Create(ResultStoreOptions options, Func<IObjectStore> storage, Func<string, string?>? environment = null)
    {
        var location = options.Storage.Trim();
        if (location.Length == 0)
        {
            return new ObjectStoreResultStore(new LocalDirectoryObjectStore(options.Directory));
        }

        if (location == "store" || StoreReference.IsReference(location))
        {
            return new ObjectStoreResultStore(storage(), location == "store" ? "" : StoreReference.Key(location));
        }

        return new ObjectStoreResultStore(ObjectStoreFactory.Create(ObjectStoreFactory.Parse(location, environment)));
    }
}
