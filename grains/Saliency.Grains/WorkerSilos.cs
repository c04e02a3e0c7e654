using Orleans.Runtime;

namespace Saliency.Grains;

/// <summary>
/// The active silos that host a grain type: for the work grains, the GPU silos (CPU-only silos drop the work-grain
/// classes, see <c>SiloBuilderExtensions</c>, so their grain manifest lacks the type). Read from the cluster manifest
/// and the membership snapshot at each call, so silos that join mid-sweep are used at once and dead ones drop out.
/// </summary>
public sealed class WorkerSilos(IClusterManifestProvider manifests, IClusterMembershipService membership)
{
    /// <summary>Active silos hosting <paramref name="grainType"/>, in a stable order (by address).</summary>
    public IReadOnlyList<SiloAddress> Hosting(GrainType grainType)
    {
        var snapshot = membership.CurrentSnapshot;
        return manifests.Current.Silos
            .Where(s => s.Value.Grains.ContainsKey(grainType) && snapshot.GetSiloStatus(s.Key) == SiloStatus.Active)
            .Select(s => s.Key)
            .OrderBy(s => s.ToParsableString(), StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// The candidate with the fewest shards in flight, if it has fewer than <paramref name="depth"/>; ties go to the
    /// first in order. Null when every candidate is full (wait for one to finish) or there is none.
    /// </summary>
    public static T? LeastLoaded<T>(IEnumerable<T> candidates, Func<T, int> inFlight, int depth)
        where T : class
    {
        T? best = null;
        var bestLoad = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var load = inFlight(candidate);
            if (load < bestLoad)
            {
                (best, bestLoad) = (candidate, load);
            }
        }

        return bestLoad < depth ? best : null;
    }
}
