using Orleans.Runtime;
using Saliency.Grains.Scheduling;

namespace Saliency.Grains;

/// <summary>
/// The active silos that host a grain type: for the work grains, the GPU silos (CPU-only silos drop the work-grain
/// classes, see <c>SiloBuilderExtensions</c>, so their grain manifest lacks the type). Read from the cluster manifest
/// and the membership snapshot at each call, so silos that join mid-sweep are used at once and dead ones drop out.
/// Each silo offers <see cref="WorkerDevices.PerSilo"/> devices (1 unless the silo simulates a pool).
/// </summary>
public sealed class WorkerSilos(IClusterManifestProvider manifests, IClusterMembershipService membership, WorkerDevices? devices = null)
{
    private readonly int _perSilo = Math.Max(1, devices?.PerSilo ?? 1);

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

    /// <summary>The devices of the active silos hosting <paramref name="grainType"/>: silo by silo, device by device.</summary>
    public IReadOnlyList<Worker> Devices(GrainType grainType) =>
        Hosting(grainType).SelectMany(silo => Enumerable.Range(0, _perSilo).Select(d => new Worker(silo, d))).ToList();

    /// <summary>The worker's name: its silo's name, with <c>/device</c> when silos offer more than one device.</summary>
    public string NameOf(Worker worker) => _perSilo == 1 ? NameOf(worker.Silo) : $"{NameOf(worker.Silo)}/{worker.Device}";

    /// <summary>The silo's name as it registered in membership (what work results record), else its address.</summary>
    public string NameOf(SiloAddress silo) =>
        membership.CurrentSnapshot.Members.TryGetValue(silo, out var member) && !string.IsNullOrEmpty(member.Name)
            ? member.Name
            : silo.ToString();
}
