using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Saliency.Cli.Commands.Sweep;
using Saliency.Contracts;
using Saliency.Core;
using Saliency.Sweeps;

namespace Saliency.Cli.Commands.Bench;

/// <summary>
/// <c>saliency bench-cluster --sweep FILE [--silos 1,2] [--threads 1] [--samples 24] [--out DIR]</c>: the cluster's
/// orchestration overhead and its scaling over silo processes on this machine. For each silo count N it starts N
/// silo processes (localhost clustering, the real engine, <c>--threads</c> torch threads each), warms every silo up
/// (a sweep of <c>--warmup 6</c> x N one-sample shards, so each silo has loaded the model and run each variant),
/// then times the measured sweep (the file's grid on <c>--samples</c> samples) from submit to completion.
/// Reported per N: wall time, maps per second, speed-up over the first N, and on the silos' own clocks the sum of
/// shard seconds (everything a shard does on the device: prediction, maps, scoring) and of map seconds.
/// Overhead = wall / sum of shard seconds - 1 (one silo: what orchestration adds around the device work).
/// </summary>
internal static class BenchClusterCommand
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Command Create()
    {
        var sweep = new Option<FileInfo>("--sweep") { Description = "Sweep file whose grid, data and model are measured", Required = true };
        var silos = new Option<string>("--silos") { Description = "Silo counts to measure, comma-separated", DefaultValueFactory = _ => "1,2" };
        var threads = new Option<int>("--threads") { Description = "Torch threads per silo process", DefaultValueFactory = _ => 1 };
        var samples = new Option<int>("--samples") { Description = "Samples of the measured sweep (the file's selection, first N)", DefaultValueFactory = _ => 24 };
        var warmup = new Option<int>("--warmup") { Description = "One-sample warm-up shards per variant and silo", DefaultValueFactory = _ => 6 };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Folder for cluster-bench.md and cluster-bench.csv" };
        var cmd = new Command("bench-cluster", "Measure orchestration overhead and throughput over 1..N local silo processes.")
        {
            sweep, silos, threads, samples, warmup, output,
        };
        cmd.SetAction(parse =>
        {
            var spec = SweepFile.Load(parse.GetValue(sweep)!.FullName);
            var counts = ParseCounts(parse.GetValue(silos)!);
            if (parse.GetValue(threads) < 1 || parse.GetValue(samples) < 1 || parse.GetValue(warmup) < 1)
            {
                throw new InputException("--threads, --samples and --warmup must be >= 1", field: "--threads/--samples/--warmup");
            }

            var stderr = parse.InvocationConfiguration.Error;
            var rows = new List<ClusterBenchRow>();
            foreach (var n in counts)
            {
                stderr.WriteLine($"bench-cluster: {n} silo(s) ...");
                ClusterBenchRow row;
                try
                {
                    row = MeasureAsync(spec, n, parse.GetValue(threads), parse.GetValue(samples), parse.GetValue(warmup), stderr).GetAwaiter().GetResult();
                }
                catch (Exception e) when (e is ClusterUnreachableException or TimeoutException or InvalidOperationException)
                {
                    stderr.WriteLine($"error: {n} silo(s): {e.Message}");
                    return 1;
                }

                stderr.WriteLine(string.Create(Inv, $"bench-cluster: {n} silo(s): {row.WallSeconds:F1} s wall, {row.Maps / row.WallSeconds:F2} maps/s"));
                rows.Add(row);
            }

            var markdown = Markdown(spec, rows, parse.GetValue(threads));
            parse.InvocationConfiguration.Output.Write(markdown);
            if (parse.GetValue(output) is { } dir)
            {
                Directory.CreateDirectory(dir.FullName);
                File.WriteAllText(Path.Combine(dir.FullName, "cluster-bench.md"), markdown);
                File.WriteAllText(Path.Combine(dir.FullName, "cluster-bench.csv"), Csv(rows));
            }

            return 0;
        });
        return cmd;
    }

    private static IReadOnlyList<int> ParseCounts(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => int.TryParse(t, NumberStyles.None, Inv, out var n) && n is >= 1 and <= 16 ? n
                : throw new InputException($"'{t}' is not a silo count (1-16)", field: "--silos"))
            .ToList();

    private static async Task<ClusterBenchRow> MeasureAsync(SweepSpec spec, int siloCount, int threads, int samples, int warmup, TextWriter log)
    {
        var store = Path.Combine(Path.GetTempPath(), "saliency-bench-cluster", Guid.NewGuid().ToString("N")[..12]);
        var settings = new Dictionary<string, string>
        {
            ["Saliency__Executor__Evaluator"] = "engine",
            ["Saliency__Executor__TorchThreads"] = threads.ToString(Inv),
            ["Saliency__Results__Directory"] = store,
        };
        var silos = new List<LocalSiloProcess>();
        try
        {
            silos.Add(LocalSiloProcess.Start(settings));
            for (var i = 1; i < siloCount; i++)
            {
                silos.Add(LocalSiloProcess.Start(settings, silos[0].SiloPort));
            }

            await using var connection = await ConnectAsync(string.Join(',', silos.Select(s => s.Address)), siloCount, silos);
            var client = connection.Client;

            var warm = SweepFile.With(spec, name: $"{spec.Name}-warmup",
                samples: spec.Samples with { Limit = warmup * siloCount }, shardSize: 1, maxConcurrentShards: 2 * siloCount);
            log.WriteLine($"bench-cluster: warm-up {warm.SweepId} ({warmup * siloCount} samples x {warm.Trials.Count} trials)");
            await RunAsync(client, warm);

            var measured = SweepFile.With(spec, name: $"{spec.Name}-bench", samples: spec.Samples with { Limit = samples },
                maxConcurrentShards: Math.Max(spec.MaxConcurrentShards, 2 * siloCount));
            log.WriteLine($"bench-cluster: measuring {measured.SweepId} ({samples} samples x {measured.Trials.Count} trials, shards of {measured.ShardSize})");
            var clock = Stopwatch.StartNew();
            var status = await RunAsync(client, measured);
            var wall = clock.Elapsed.TotalSeconds;
            var sweep = client.GetGrain<ISweepGrain>(measured.SweepId);
            var shards = new List<ShardResult>();
            foreach (var trial in measured.Trials)
            {
                shards.AddRange(await sweep.GetShardResults(trial.TrialId));
            }

            var maps = shards.Sum(s => s.Samples.Count(x => x.Outcome == SampleOutcome.Done));
            return new ClusterBenchRow(
                siloCount, status.SamplesTotal, maps, wall,
                shards.Sum(s => s.WallSeconds),
                shards.Sum(s => s.Samples.Sum(x => x.Seconds)),
                shards.Select(s => s.Silo).Distinct().Count());
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }

            try
            {
                Directory.Delete(store, recursive: true);
            }
            catch (IOException)
            {
                // A temp folder left behind is harmless.
            }
        }
    }

    private static async Task<ClusterConnection> ConnectAsync(string address, int siloCount, IReadOnlyList<LocalSiloProcess> silos)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            if (silos.FirstOrDefault(s => s.HasExited) is not null)
            {
                throw new InvalidOperationException("a silo process exited during start-up (is Saliency.Silo.dll next to the CLI, and the ports free?)");
            }

            try
            {
                var connection = await ClusterConnection.ConnectAsync(address);
                var hosts = await connection.Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
                if (hosts.Count >= siloCount)
                {
                    return connection;
                }

                await connection.DisposeAsync();
            }
            catch (ClusterUnreachableException e)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"{siloCount} silo(s) were not reachable within 90 s ({e.Message}); silo log:\n{silos[0].Log}", e);
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{siloCount} silo(s) did not form a cluster within 90 s");
            }

            await Task.Delay(500);
        }
    }

    private static async Task<SweepStatus> RunAsync(IClusterClient client, SweepSpec spec)
    {
        var sweep = client.GetGrain<ISweepGrain>(spec.SweepId);
        await sweep.Submit(spec);
        while (true)
        {
            var status = await sweep.GetStatus();
            if (status.IsFinished)
            {
                return status.State == SweepState.Completed
                    ? status
                    : throw new InvalidOperationException($"sweep {spec.SweepId} ended {status.State}: {status.Message}");
            }

            await Task.Delay(100);
        }
    }

    private static string Markdown(SweepSpec spec, IReadOnlyList<ClusterBenchRow> rows, int threads)
    {
        var b = new StringBuilder();
        b.Append(Inv, $"Sweep `{spec.Name}` ({spec.Trials.Count} trials: {string.Join(", ", spec.Trials.Select(t => t.VariantId))}), ");
        b.Append(Inv, $"{threads} torch thread(s) per silo process, {Environment.ProcessorCount} CPU cores, warm silos.\n\n");
        b.Append("| silos | maps | wall s | maps/s | speed-up | sum shard s | sum map s | overhead vs shards | maps / wall (1 silo) | silos busy | s per map vs first |\n");
        b.Append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        var baseline = rows[0];
        foreach (var r in rows)
        {
            var speedUp = baseline.WallSeconds / r.WallSeconds * r.Maps / baseline.Maps;
            var overhead = r.Silos == 1 ? (r.WallSeconds / r.ShardSeconds - 1).ToString("P1", Inv) : "-";
            var mapShare = r.Silos == 1 ? (r.MapSeconds / r.WallSeconds).ToString("P1", Inv) : "-";
            var busy = r.ShardSeconds / (r.Silos * r.WallSeconds);
            var mapCost = r.MapSeconds / r.Maps / (baseline.MapSeconds / baseline.Maps);
            b.Append(Inv, $"| {r.Silos} ({r.SilosUsed} used) | {r.Maps} | {r.WallSeconds:F1} | {r.Maps / r.WallSeconds:F2} | {speedUp:F2}x | {r.ShardSeconds:F1} | {r.MapSeconds:F1} | {overhead} | {mapShare} | {busy:P1} | {mapCost:F2}x |\n");
        }

        b.Append("\nSpeed-up = silos x silos busy / (s per map vs first), up to the work outside maps: \"silos busy\" (sum of shard ");
        b.Append("seconds / (silos x wall)) is how well scheduling kept every silo's device working; \"s per map vs first\" is how much ");
        b.Append("slower each map became when silos computed side by side (shared cores, caches, memory bandwidth).\n");
        return b.ToString();
    }

    private static string Csv(IReadOnlyList<ClusterBenchRow> rows)
    {
        var b = new StringBuilder("silos,silos_used,samples_total,maps,wall_seconds,shard_seconds,map_seconds\n");
        foreach (var r in rows)
        {
            b.Append(Inv, $"{r.Silos},{r.SilosUsed},{r.SamplesTotal},{r.Maps},{r.WallSeconds:R},{r.ShardSeconds:R},{r.MapSeconds:R}\n");
        }

        return b.ToString();
    }

    private sealed record ClusterBenchRow(int Silos, int SamplesTotal, int Maps, double WallSeconds, double ShardSeconds, double MapSeconds, int SilosUsed);
}
