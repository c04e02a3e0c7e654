using System.CommandLine;
using System.Globalization;
using System.Text;
using Saliency.Cli.Commands.Run;
using Saliency.Contracts;
using Saliency.Core;
using Saliency.Silo.Hosting.Simulation;
using Saliency.Sweeps;

namespace Saliency.Cli.Commands.Bench;

/// <summary>
/// <c>saliency bench-pool [--sweep FILE] [--silos 8,16,32,64] [--samples 1984] [--shard-size N] [--seconds-per-pass S]
/// [--time-scale F] [--out DIR]</c>: the pool simulation of docs/cluster.md. For each silo count N it runs the grid
/// (default: the shipped paper grid) on <c>--samples</c> synthetic samples over N simulated GPU silos
/// (<see cref="PoolSimulation"/>: the real sweep grain, scheduler, work grains, result store and aggregators; each
/// shard waits its modelled GPU time, method cost from the catalogue x <c>--seconds-per-pass</c>, scaled by
/// <c>--time-scale</c>), with no cluster-wide cap (max_concurrent_shards = 2 x N), and prints one table row per N:
/// scheduling efficiency, modelled wall, submit to first dispatch, aggregator and store cost per shard (real, and as
/// a share of a shard's modelled GPU time), and memory (process and the sweep grain's own).
/// </summary>
internal static class BenchPoolCommand
{
    /// <summary>Default shard size (docs/cluster.md, pool simulation: why 32).</summary>
    public const int DefaultShardSize = 32;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Command Create()
    {
        var sweep = new Option<FileInfo?>("--sweep") { Description = "Sweep file whose grid is simulated (default: the shipped paper grid)" };
        var silos = new Option<string>("--silos") { Description = "Simulated GPU silo counts, comma-separated", DefaultValueFactory = _ => "8,16,32,64" };
        var samples = new Option<int>("--samples") { Description = "Samples of the sweep", DefaultValueFactory = _ => 1984 };
        var shardSize = new Option<int>("--shard-size") { Description = "Samples per shard", DefaultValueFactory = _ => DefaultShardSize };
        var perPass = new Option<double>("--seconds-per-pass") { Description = "Modelled GPU seconds of one single-input forward pass", DefaultValueFactory = _ => 0.001 };
        var scale = new Option<double>("--time-scale") { Description = "Real seconds per modelled second", DefaultValueFactory = _ => 0.1 };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Folder for pool-bench.md and pool-bench.csv" };
        var cmd = new Command("bench-pool", "Simulate the sweep over pools of 8..64 GPU silos: scheduling efficiency and orchestration cost.")
        {
            sweep, silos, samples, shardSize, perPass, scale, output,
        };
        cmd.SetAction(parse =>
        {
            var counts = ParseCounts(parse.GetValue(silos)!);
            if (parse.GetValue(samples) < 1 || parse.GetValue(shardSize) < 1 || parse.GetValue(perPass) <= 0 || parse.GetValue(scale) <= 0)
            {
                throw new InputException("--samples and --shard-size must be >= 1, --seconds-per-pass and --time-scale > 0", field: "--samples/--shard-size/--seconds-per-pass/--time-scale");
            }

            var grid = parse.GetValue(sweep) is { } file
                ? SweepFile.Load(file.FullName)
                : SweepFile.Parse(RunSweepFile.Shipped("paper"), "sweeps/paper.yaml (built into the CLI)", Directory.GetCurrentDirectory());
            var stderr = parse.InvocationConfiguration.Error;
            var runs = new List<PoolRun>();
            foreach (var n in counts)
            {
                var spec = SweepFile.With(grid, name: $"{grid.Name}-pool{n}", samples: grid.Samples with { Limit = parse.GetValue(samples) },
                    shardSize: parse.GetValue(shardSize), maxConcurrentShards: 2 * n);
                var options = new PoolSimulationOptions(n, parse.GetValue(perPass), parse.GetValue(scale), TimeSpan.FromHours(1));
                stderr.WriteLine($"bench-pool: {n} simulated silos, {spec.Trials.Count} trials x {parse.GetValue(samples)} samples, shards of {spec.ShardSize} ...");
                var run = PoolSimulation.RunAsync(spec, options).GetAwaiter().GetResult();
                if (run.Status.State != SweepState.Completed)
                {
                    stderr.WriteLine($"error: {n} silos: the sweep ended {run.Status.State}: {run.Status.Message}");
                    return 1;
                }

                stderr.WriteLine(string.Create(Inv, $"bench-pool: {n} silos: efficiency {run.Efficiency:F3}, {run.WallSeconds:F1} s real"));
                runs.Add(run);
            }

            var markdown = Markdown(grid, runs, parse.GetValue(samples), parse.GetValue(shardSize));
            parse.InvocationConfiguration.Output.Write(markdown);
            if (parse.GetValue(output) is { } dir)
            {
                Directory.CreateDirectory(dir.FullName);
                File.WriteAllText(Path.Combine(dir.FullName, "pool-bench.md"), markdown);
                File.WriteAllText(Path.Combine(dir.FullName, "pool-bench.csv"), Csv(runs));
            }

            return 0;
        });
        return cmd;
    }

    private static IReadOnlyList<int> ParseCounts(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => int.TryParse(t, NumberStyles.None, Inv, out var n) && n is >= 1 and <= 256 ? n
                : throw new InputException($"'{t}' is not a silo count (1-256)", field: "--silos"))
            .ToList();

    private static string Markdown(SweepSpec grid, IReadOnlyList<PoolRun> runs, int samples, int shardSize)
    {
        var o = runs[0].Options;
        var b = new StringBuilder();
        b.Append(Inv, $"Grid `{grid.Name}` ({grid.Trials.Count} trials) on {samples} samples, shards of {shardSize}; ");
        b.Append(Inv, $"{o.SecondsPerPass * 1000:G4} ms modelled per forward-pass equivalent, time scale {o.TimeScale:G4} (real s per modelled s); ");
        b.Append(Inv, $"{Environment.ProcessorCount} CPU cores.\n\n");
        b.Append("| silos | shards | efficiency | wall (modelled s) | ideal (modelled s) | first dispatch (ms real) | aggregator (ms/shard) | store (ms/shard) | overhead / mean shard | overhead / shortest shard | alloc (KB/shard) | heap retained (MB) | sweep grain (KB) | sweep grain (B/shard) |\n");
        b.Append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        foreach (var r in runs)
        {
            var shards = Math.Max(1, r.Shards.Count);
            var shortest = r.Shards.Min(s => s.WallSeconds) / r.Options.TimeScale;
            var overhead = r.OverheadPerShardSeconds;
            b.Append(Inv, $"| {r.Options.Silos} | {r.Shards.Count} | {r.Efficiency:F3} | {r.ModelledSeconds(r.WallSeconds):F1} | {r.ModelledSeconds(r.BusySeconds) / r.Options.Silos:F1} ");
            b.Append(Inv, $"| {r.FirstDispatchSeconds * 1000:F0} | {r.AggregatorSeconds / shards * 1000:F2} | {r.StoreSeconds / shards * 1000:F2} ");
            b.Append(Inv, $"| {overhead / r.MeanShardModelledSeconds:P3} | {overhead / shortest:P2} | {r.AllocatedBytes / 1024.0 / shards:F0} | {r.RetainedBytes / 1048576.0:F1} ");
            b.Append(Inv, $"| {r.SweepGrainBytes / 1024.0:F0} | {(double)r.SweepGrainBytes / shards:F0} |\n");
        }

        b.Append("\nEfficiency = busy silo-seconds (each shard's time on its simulated device) / (silos x wall of the sweep grain's run). ");
        b.Append("Aggregator = the sweep grain's wait on the trial aggregator's Add; store = all result-store operations; both real ");
        b.Append("milliseconds per shard (orchestration work does not shrink with the time scale) and as a share of a shard's modelled GPU time. ");
        b.Append("Alloc = bytes allocated in the process during the run per shard; heap retained = managed heap after minus before the run ");
        b.Append("(full collections; sweep grain and aggregators, which hold every shard result, still active). ");
        b.Append("Sweep grain = the sweep grain's own managed memory with every shard tracked: heap with its activation minus heap after ");
        b.Append("deactivating that activation alone (full collections), in all and per shard.\n");
        return b.ToString();
    }

    private static string Csv(IReadOnlyList<PoolRun> runs)
    {
        var b = new StringBuilder("silos,shards,efficiency,wall_real_s,busy_real_s,time_scale,first_dispatch_s,aggregator_s,store_s,allocated_bytes,retained_bytes,sweep_grain_bytes\n");
        foreach (var r in runs)
        {
            b.Append(Inv, $"{r.Options.Silos},{r.Shards.Count},{r.Efficiency:R},{r.WallSeconds:R},{r.BusySeconds:R},{r.Options.TimeScale:R},");
            b.Append(Inv, $"{r.FirstDispatchSeconds:R},{r.AggregatorSeconds:R},{r.StoreSeconds:R},{r.AllocatedBytes},{r.RetainedBytes},{r.SweepGrainBytes}\n");
        }

        return b.ToString();
    }
}
