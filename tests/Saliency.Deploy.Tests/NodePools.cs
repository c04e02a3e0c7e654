using System.Globalization;
using k8s.Models;

namespace Saliency.Deploy.Tests;

/// <summary>One node pool of the table "Node sizes" in docs/deploy.md (the one place the sizes are stated).</summary>
internal sealed record NodePool(
    string Name,
    string Installation,
    string VmSize,
    int Nodes,
    double AllocatableCpu,
    double AllocatableMemoryGiB,
    int GpusPerNode,
    double SystemDaemonCpu,
    double SystemDaemonMemoryGiB,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<V1Taint> Taints)
{
    public const string Heading = "## Node sizes";

    /// <summary>Reads the table under <see cref="Heading"/> in docs/deploy.md; columns are found by their header.</summary>
    public static IReadOnlyList<NodePool> FromDocs()
    {
        var lines = File.ReadAllLines(RepoPaths.Combine("docs", "deploy.md"));
        var start = Array.FindIndex(lines, l => l.Trim() == Heading);
        Assert.True(start >= 0, $"docs/deploy.md has no section '{Heading}'");
        var table = lines.Skip(start + 1).SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')).ToList();
        Assert.True(table.Count >= 3, "docs/deploy.md: the node size table is missing");
        static string[] Cells(string row) => [.. row.Trim().Trim('|').Split('|').Select(c => c.Trim().Trim('`'))];
        var header = Cells(table[0]).Select(h => h.ToLowerInvariant()).ToList();
        int Col(string name)
        {
            var index = header.FindIndex(h => h.StartsWith(name, StringComparison.Ordinal));
            Assert.True(index >= 0, $"docs/deploy.md node size table: no column '{name}' (columns: {string.Join(", ", header)})");
            return index;
        }

        var pools = new List<NodePool>();
        foreach (var (row, number) in table.Skip(2).Select((r, n) => (Row: Cells(r), Number: n + 1)).Select(x => (x.Row, x.Number)).ToList())
        {
            double D(string column) => double.TryParse(row[Col(column)], NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
                ? v
                : throw new FormatException($"docs/deploy.md node size table, row {number}, column '{column}': '{row[Col(column)]}' is not a number");
            var labels = row[Col("node labels")] is "-" or "" ? new Dictionary<string, string>()
                : row[Col("node labels")].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                    .Select(l => l.Split('=')).ToDictionary(p => p[0], p => p[1]);
            var taints = row[Col("taints")] is "-" or "" ? new List<V1Taint>()
                : [.. row[Col("taints")].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(t =>
                {
                    var (kv, effect) = (t.Split(':')[0], t.Split(':')[1]);
                    return new V1Taint { Effect = effect, Key = kv.Split('=')[0], Value = kv.Contains('=') ? kv.Split('=')[1] : null };
                })];
            pools.Add(new NodePool(row[Col("pool")], row[Col("installation")], row[Col("vm size")], (int)D("nodes"),
                D("allocatable cpu"), D("allocatable memory"), (int)D("gpus per node"), D("system daemonsets cpu"),
                D("system daemonsets memory"), labels, taints));
        }

        return pools;
    }

    /// <summary>Whether a pod with this spec may be placed on this pool's nodes (nodeSelector and taints).</summary>
    public bool Admits(V1PodSpec pod) =>
        (pod.NodeSelector ?? new Dictionary<string, string>()).All(kv => Labels.TryGetValue(kv.Key, out var v) && v == kv.Value)
        && Taints.Where(t => t.Effect is "NoSchedule" or "NoExecute").All(t => (pod.Tolerations ?? []).Any(tol =>
            (tol.Key is null && tol.OperatorProperty == "Exists")
            || (tol.Key == t.Key && (tol.OperatorProperty == "Exists" || tol.Value == t.Value) && (tol.Effect is null || tol.Effect == t.Effect))));
}

/// <summary>What a pod asks the scheduler for (sum over containers, at least the largest init container).</summary>
internal readonly record struct PodRequests(double Cpu, double MemoryGiB, int Gpus, double MemoryLimitGiB)
{
    public static PodRequests Of(V1PodSpec pod)
    {
        double Sum(IEnumerable<V1Container> cs, Func<V1ResourceRequirements?, IDictionary<string, ResourceQuantity>?> pick, string resource, double scale) =>
            cs.Sum(c => pick(c.Resources)?.TryGetValue(resource, out var q) == true ? (double)q.ToDecimal() / scale : 0);
        var gib = 1024.0 * 1024 * 1024;
        var main = pod.Containers;
        var init = pod.InitContainers ?? [];
        var cpu = Math.Max(Sum(main, r => r?.Requests, "cpu", 1), init.Select(c => Sum([c], r => r?.Requests, "cpu", 1)).DefaultIfEmpty(0).Max());
        var mem = Math.Max(Sum(main, r => r?.Requests, "memory", gib), init.Select(c => Sum([c], r => r?.Requests, "memory", gib)).DefaultIfEmpty(0).Max());
        var gpus = (int)Sum(main, r => r?.Limits, "nvidia.com/gpu", 1);
        var limit = Sum(main, r => r?.Limits, "memory", gib);
        return new PodRequests(cpu, mem, gpus, limit);
    }
}
