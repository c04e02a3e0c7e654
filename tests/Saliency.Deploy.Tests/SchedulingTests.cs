using System.Globalization;
using k8s.Models;

namespace Saliency.Deploy.Tests;

/// <summary>
/// The rendered pods against the node sizes docs/deploy.md states ("Node sizes"): every pod fits a node of a pool it
/// may be scheduled to (nodeSelector, taints) after the node's reservations, the system DaemonSets' estimate and the
/// rendered DaemonSets; all replicas pack onto the pool's nodes; a rollout and a node drain can proceed on a pool
/// that has no spare GPU.
/// </summary>
public sealed class SchedulingTests
{
    public static TheoryData<string> Installations() => [.. Installation.Names];

    [Fact]
    public void The_node_size_table_covers_each_installation_and_the_documented_node_pool_commands()
    {
        var pools = NodePool.FromDocs();
        Assert.All(Installation.Names, n => Assert.Contains(pools, p => p.Installation == n));
        var docs = File.ReadAllText(RepoPaths.Combine("docs", "deploy.md"));
        var sizes = System.Text.RegularExpressions.Regex.Matches(docs, @"--node-vm-size\s+(\S+)").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(sizes);
        Assert.All(sizes, s => Assert.True(pools.Any(p => p.VmSize == s), $"docs/deploy.md creates nodes of size {s}, which the node size table does not state"));
        Assert.All(pools, p => Assert.True(p.AllocatableCpu > p.SystemDaemonCpu && p.AllocatableMemoryGiB > p.SystemDaemonMemoryGiB, $"pool {p.Name}"));
    }

    [Theory]
    [MemberData(nameof(Installations))]
    public void Every_pod_fits_a_node_of_a_pool_it_may_run_on(string name)
    {
        var (i, pools) = Setup(name);
        var problems = new List<string>();
        foreach (var w in i.Workloads.Where(w => w.Kind != "DaemonSet"))
        {
            var candidates = pools.Where(p => p.Admits(w.Pod)).ToList();
            if (candidates.Count == 0)
            {
                problems.Add($"{w}: no pool of {name} admits it (nodeSelector {Show(w.Pod.NodeSelector)}, tolerations {w.Pod.Tolerations?.Count ?? 0})");
                continue;
            }

            var need = PodRequests.Of(w.Pod);
            var fits = candidates.Where(p => Free(i, p) is var f && need.Cpu <= f.Cpu && need.MemoryGiB <= f.MemoryGiB && need.Gpus <= f.Gpus).ToList();
            if (fits.Count == 0)
            {
                problems.Add($"{w}: requests {need.Cpu} CPU, {need.MemoryGiB:0.##} GiB, {need.Gpus} GPU; a node of " +
                    string.Join(" / ", candidates.Select(p => $"{p.Name} ({p.VmSize}) has {Free(i, p)} free")) + " after reservations and DaemonSets");
            }
            else if (fits.All(p => need.MemoryLimitGiB > p.AllocatableMemoryGiB - p.SystemDaemonMemoryGiB))
            {
                problems.Add($"{w}: memory limit {need.MemoryLimitGiB} GiB exceeds what a node of its pool can give a pod");
            }
        }

        Assert.True(problems.Count == 0, $"{name}:\n" + string.Join("\n", problems));
    }

    [Theory]
    [MemberData(nameof(Installations))]
    public void All_replicas_pack_onto_the_pools_and_a_rollout_proceeds_without_spare_gpus(string name)
    {
        var (i, pools) = Setup(name);
        var pods = i.Workloads.Where(w => w.Kind != "DaemonSet").SelectMany(w => Enumerable.Repeat(w, w.Replicas)).ToList();
        Assert.True(Pack(i, pools, pods, out var unplaced), $"{name}: cannot place {string.Join(", ", unplaced)}");

        foreach (var d in i.Workloads.Where(w => w.Object is V1Deployment { Spec.Strategy.Type: not "Recreate" }))
        {
            var (surge, unavailable) = Rollout((V1Deployment)d.Object);
            if (unavailable >= 1)
            {
                continue; // the rollout can always take an old pod down first
            }

            // Otherwise every surge pod must find room next to all the running ones.
            Assert.True(surge >= 1, $"{name}: {d} has maxSurge 0 and maxUnavailable 0: a rollout can never start");
            var withSurge = pods.Concat(Enumerable.Repeat(d, surge)).ToList();
            Assert.True(Pack(i, pools, withSurge, out var waiting),
                $"{name}: {d} rolls out with maxUnavailable 0 and maxSurge {surge}, but the surge pod has no room ({string.Join(", ", waiting)}): the rollout stalls");
        }
    }

    [Theory]
    [MemberData(nameof(Installations))]
    public void Every_disruption_budget_lets_a_node_drain_evict_a_pod(string name)
    {
        var i = Installation.Get(name);
        foreach (var pdb in i.OfType<V1PodDisruptionBudget>())
        {
            var replicas = i.Workloads.Where(w => References.Selects(pdb.Spec.Selector, w.Labels)).Sum(w => w.Replicas);
            var allowed = pdb.Spec.MaxUnavailable is { } max
                ? Resolve(max, replicas, roundUp: true)
                : replicas - Resolve(pdb.Spec.MinAvailable!, replicas, roundUp: true);
            Assert.True(allowed >= 1, $"{name}: PodDisruptionBudget {pdb.Metadata.Name} allows {allowed} disruptions of {replicas} pods: every drain of their nodes blocks");
        }
    }

    private static (Installation, IReadOnlyList<NodePool>) Setup(string name)
    {
        var pools = NodePool.FromDocs().Where(p => p.Installation == name).ToList();
        Assert.NotEmpty(pools);
        return (Installation.Get(name), pools);
    }

    /// <summary>What one node of the pool has left for ordinary pods: allocatable less the system DaemonSets' estimate and the rendered DaemonSets that land there.</summary>
    private static (double Cpu, double MemoryGiB, int Gpus) Free(Installation i, NodePool pool)
    {
        var daemons = i.Workloads.Where(w => w.Kind == "DaemonSet" && pool.Admits(w.Pod)).Select(w => PodRequests.Of(w.Pod)).ToList();
        return (pool.AllocatableCpu - pool.SystemDaemonCpu - daemons.Sum(d => d.Cpu),
                pool.AllocatableMemoryGiB - pool.SystemDaemonMemoryGiB - daemons.Sum(d => d.MemoryGiB),
                pool.GpusPerNode - daemons.Sum(d => d.Gpus));
    }

    /// <summary>First-fit decreasing over the nodes of the pools each pod may use.</summary>
    private static bool Pack(Installation i, IReadOnlyList<NodePool> pools, IReadOnlyList<Workload> pods, out List<string> unplaced)
    {
        var nodes = pools.SelectMany(p => Enumerable.Range(0, p.Nodes).Select(_ => (Pool: p, Free: Free(i, p)))).ToList();
        unplaced = [];
        foreach (var pod in pods.OrderByDescending(p => PodRequests.Of(p.Pod).Gpus).ThenByDescending(p => PodRequests.Of(p.Pod).Cpu))
        {
            var need = PodRequests.Of(pod.Pod);
            var index = nodes.FindIndex(n => n.Pool.Admits(pod.Pod) && need.Cpu <= n.Free.Cpu + 1e-9 && need.MemoryGiB <= n.Free.MemoryGiB + 1e-9 && need.Gpus <= n.Free.Gpus);
            if (index < 0)
            {
                unplaced.Add(pod.ToString());
                continue;
            }

            var n = nodes[index];
            nodes[index] = (n.Pool, (n.Free.Cpu - need.Cpu, n.Free.MemoryGiB - need.MemoryGiB, n.Free.Gpus - need.Gpus));
        }

        return unplaced.Count == 0;
    }

    private static (int Surge, int Unavailable) Rollout(V1Deployment d)
    {
        var replicas = d.Spec.Replicas ?? 1;
        var rolling = d.Spec.Strategy?.RollingUpdate;
        return (Resolve(rolling?.MaxSurge ?? "25%", replicas, roundUp: true), Resolve(rolling?.MaxUnavailable ?? "25%", replicas, roundUp: false));
    }

    /// <summary>An int-or-percent against a replica count, rounded as the controllers do.</summary>
    private static int Resolve(IntOrString value, int replicas, bool roundUp)
    {
        if (value.Value.EndsWith('%'))
        {
            var share = replicas * double.Parse(value.Value[..^1], CultureInfo.InvariantCulture) / 100;
            return (int)(roundUp ? Math.Ceiling(share) : Math.Floor(share));
        }

        return int.Parse(value.Value, CultureInfo.InvariantCulture);
    }

    private static string Show(IDictionary<string, string>? map) => map is null ? "{}" : "{" + string.Join(", ", map.Select(kv => $"{kv.Key}={kv.Value}")) + "}";
}
