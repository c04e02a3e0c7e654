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

    /// <summary>The silo's name as it registered in membership (what work results record), else its address.</summary>
    public string NameOf(SiloAddress silo) =>
        membership.CurrentSnapshot.Members.TryGetValue(silo, out var member) && !string.IsNullOrEmpty(member.Name)
            ? member.Name
            : silo.ToString();
}
