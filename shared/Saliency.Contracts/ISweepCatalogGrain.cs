namespace Saliency.Contracts;

/// <summary>The sweeps known to the results storage (key: <see cref="SingletonKey"/>).</summary>
public interface ISweepCatalogGrain : IGrainWithStringKey
{
    const string SingletonKey = "catalog";

    Task<IReadOnlyList<SweepListing>> List();
}
