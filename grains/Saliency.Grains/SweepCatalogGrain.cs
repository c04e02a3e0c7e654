using Saliency.Contracts;
using Saliency.Grains.Storage;

namespace Saliency.Grains;

/// <summary>Lists the sweeps the results storage knows, with their last persisted state and shard counts.</summary>
public sealed class SweepCatalogGrain(IResultStore store) : Grain, ISweepCatalogGrain
{
    public async Task<IReadOnlyList<SweepListing>> List()
    {
        var listings = new List<SweepListing>();
        foreach (var id in await store.ListSweepsAsync())
        {
            var manifest = await store.ReadManifestAsync(id);
            if (manifest is null)
            {
                continue;
            }

            var done = (await store.ListShardsAsync(id)).Count;
            listings.Add(new SweepListing(
                id, manifest.Spec.Name, manifest.State, manifest.Spec.Trials.Count, done, manifest.ShardsPerTrial * manifest.Spec.Trials.Count));
        }

        return listings;
    }
}
