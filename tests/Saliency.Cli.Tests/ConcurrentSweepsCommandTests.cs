using System.Collections.Concurrent;
using System.Text.Json;
using Saliency.Cli.Commands.Sweep;
using Saliency.Contracts;
using Saliency.Grains.Storage;
using Saliency.Storage;
using Saliency.Sweeps;
using Saliency.TestFixtures;
using Xunit.Abstractions;

namespace Saliency.Cli.Tests;

/// <summary>
/// Several sweeps on one pool, disturbed (issue 18): three sweeps submitted by three CLI processes to real silo
/// processes (synthetic evaluator, a fixed time per sample), one of them cancelled and resumed, one silo stopped
/// (killed) and another added mid-way. All three complete; every trial's per-sample results and aggregate equal
/// those of an undisturbed run of the same sweep on the same cluster; and no shard result is written twice (a
/// computation always ends in a write, so a sample computed again after it was stored would rewrite its shard's
/// file: the test watches every shard file from the moment it appears). In the "silo processes" collection, so it
/// never overlaps the other tests that start silo processes.
/// </summary>
[Collection("silo processes")]
public sealed class ConcurrentSweepsCommandTests(ITestOutputHelper output)
{
    private const int Samples = 40;
    private const int ShardSize = 4;
    private const int ShardsPerSweep = 2 * Samples / ShardSize;

    private static readonly TimeSpan CliTimeout = TimeSpan.FromMinutes(3);

    /// <summary>The CLI processes' environment: no restart for malloc tuning, no OTLP export.</summary>
    private static readonly Dictionary<string, string> CliEnvironment = new()
    {
        ["SALIENCY_MALLOC_TUNING"] = "off",
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = string.Empty,
    };

    private static string SweepText(string name) => $$"""
        name: {{name}}
        data: /nowhere/patches.spb
        model: /nowhere/model.ckpt
        samples: { limit: {{Samples}} }
        normalisations: [All-100, Abs-99]
        shard_size: {{ShardSize}}
        methods:
          - method: VanillaGrad
          - method: GradCAM
        """;

    /// <summary>0.15 s per sample: a shard holds its silo 0.6 s, a sweep 12 s of device time.</summary>
    private static Dictionary<string, string> Settings(TempDir dir) => new()
    {
        ["Saliency__Executor__Evaluator"] = "synthetic",
        ["Saliency__Executor__SyntheticSecondsPerSample"] = "0.15",
        ["Saliency__Results__Directory"] = dir.File("results"),
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = string.Empty,
        ["SALIENCY_MALLOC_TUNING"] = "off",
    };

    [Fact]
    public async Task Three_sweeps_from_three_cli_processes_one_cancelled_and_resumed_a_silo_stopped_and_one_added_all_finish_with_undisturbed_results_and_no_shard_computed_twice()
    {
        using var dir = new TempDir();
        var names = new[] { "alpha", "beta", "gamma" };
        var files = names.Select(n => WriteSweep(dir, n)).ToList();
        var ids = files.Select(f => SweepFile.Load(f).SweepId).ToList();
        var store = new ObjectStoreResultStore(new LocalDirectoryObjectStore(dir.File("results")));
        var silos = new List<LocalSiloProcess>();
        try
        {
            var a = LocalSiloProcess.Start(Settings(dir));
            silos.Add(a);
            var (code, text, err) = await a.CliWhenReachable(args => CliRunner.Run(args), "sweep", "list", "--cluster", a.Address);
            Assert.True(code == 0, $"{text}{err}\n{a.Log}");
            var b = LocalSiloProcess.Start(Settings(dir), a.SiloPort);
            silos.Add(b);
            await using var shardFiles = new ShardFileWatch(dir.File("results"));

            // Three CLI processes submit and watch a sweep each.
            var submits = files.Select(f => Cli("sweep", "submit", f, "--cluster", a.Address, "--watch")).ToList();

            // Cancel the second sweep once two of its shards are stored; its watch ends with the cancelled state.
            await WaitUntil(() => shardFiles.Count(ids[1]) >= 2, TimeSpan.FromSeconds(90), "beta stored 2 shards", silos);
            var (cancelCode, cancelled) = await Cli("sweep", "cancel", ids[1], "--cluster", a.Address);
            Assert.True(cancelCode == 0, cancelled);
            var (betaCode, betaWatch) = await submits[1];
            Assert.True(betaCode == 1 && betaWatch.Contains("Cancelled", StringComparison.Ordinal), betaWatch);
            Assert.InRange(shardFiles.Count(ids[1]), 2, ShardsPerSweep - 1);

            // Stop the second silo (killed, no goodbye) once a third of all shards are stored, and add a third silo.
            await WaitUntil(() => shardFiles.Total >= ShardsPerSweep, TimeSpan.FromSeconds(90), "a third of the shards stored", silos);
            var before = (await AllShards(store, ids)).Select(s => s.Silo).ToHashSet();
            await b.DisposeAsync();
            silos.Remove(b);
            var c = LocalSiloProcess.Start(Settings(dir), a.SiloPort);
            silos.Add(c);
            output.WriteLine($"silo b stopped and c started with {shardFiles.Total} shards stored; silos so far: {string.Join(", ", before)}");

            // Resume the cancelled sweep from a third CLI run; all three sweeps complete.
            var resumed = Cli("sweep", "resume", ids[1], "--cluster", a.Address, "--watch");
            foreach (var (name, run) in names.Zip(new[] { submits[0], resumed, submits[2] }))
            {
                var (exit, watched) = await run;
                Assert.True(exit == 0 && watched.Contains("Completed", StringComparison.Ordinal), $"{name}: {watched}\nsilo a: {a.Log}\nsilo c: {c.Log}");
            }

            // Every shard stored once: no shard file was written again after it first appeared.
            await shardFiles.DisposeAsync();
            var rewritten = shardFiles.Rewritten;
            Assert.True(rewritten.Count == 0, $"{rewritten.Count} shard file(s) written again after they were stored:\n{string.Join("\n", rewritten.Take(5))}");
            var disturbed = await AllShards(store, ids);
            Assert.Equal(3 * ShardsPerSweep, disturbed.Count);

            // The silo added mid-way computed shards.
            var joined = disturbed.Select(s => s.Silo).Where(s => !before.Contains(s)).Distinct().ToList();
            Assert.True(joined.Count == 1, $"silos after the swap: {string.Join(", ", disturbed.Select(s => s.Silo).Distinct())} (before: {string.Join(", ", before)})");

            // The undisturbed run: the same sweeps under other names, on the now quiet cluster.
            var referenceFiles = names.Select(n => WriteSweep(dir, n + "-undisturbed")).ToList();
            var referenceIds = referenceFiles.Select(f => SweepFile.Load(f).SweepId).ToList();
            foreach (var run in referenceFiles.Select(f => Cli("sweep", "submit", f, "--cluster", a.Address, "--watch")).ToList())
            {
                var (exit, watched) = await run;
                Assert.True(exit == 0, watched);
            }

            foreach (var (id, referenceId) in ids.Zip(referenceIds))
            {
                Assert.Equal(SampleRows(await store.ReadShardsAsync(referenceId)), SampleRows(await store.ReadShardsAsync(id)));
                Assert.Equal(Trials(await Results(referenceId, a)), Trials(await Results(id, a)));
            }
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }
    }

    private static string WriteSweep(TempDir dir, string name)
    {
        var file = dir.File(name + ".yaml");
        File.WriteAllText(file, SweepText(name));
        return file;
    }

    private static Task<(int Code, string Output)> Cli(params string[] args) => CliProcess.RunAsync(CliEnvironment, CliTimeout, args);

    private static async Task<List<ShardResult>> AllShards(IResultStore store, IEnumerable<string> ids)
    {
        var all = new List<ShardResult>();
        foreach (var id in ids)
        {
            all.AddRange(await store.ReadShardsAsync(id));
        }

        return all;
    }

    /// <summary>Each sample's result per trial, as text (outcome, scores, seconds, passes, reason), in a fixed order.</summary>
    private static List<string> SampleRows(IEnumerable<ShardResult> shards) =>
        [.. shards
            .SelectMany(s => s.Samples.Select(r => (s.Key.TrialId, r)))
            .OrderBy(x => x.TrialId, StringComparer.Ordinal).ThenBy(x => x.r.SampleIndex)
            .Select(x => $"{x.TrialId} {x.r.SampleIndex} {x.r.VariantId} {x.r.Outcome} {x.r.Seconds:R} {x.r.ForwardPasses} {x.r.BackwardPasses} {x.r.Reason} "
                + string.Join(";", x.r.Scores.Select(n => $"{n.Normalisation}={n.Distance:R}/{n.Energy:R}")))];

    private static async Task<string> Results(string id, LocalSiloProcess silo)
    {
        var (code, json, err) = await silo.CliWhenReachable(args => CliRunner.Run(args), "sweep", "results", id, "--cluster", silo.Address, "--format", "json");
        Assert.True(code == 0, err);
        return json;
    }

    /// <summary>The trials of <c>sweep results --format json</c> (their aggregates), as text.</summary>
    private static string Trials(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("trials").GetRawText();
    }

    private static async Task WaitUntil(Func<bool> condition, TimeSpan timeout, string what, IReadOnlyList<LocalSiloProcess> silos)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not reached in {timeout.TotalSeconds:F0} s: {what}\n{string.Join("\n---\n", silos.Select(s => s.Log))}");
            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Polls the results folder every 50 ms and keeps each shard file's (last write time, length) as first seen;
    /// <see cref="Rewritten"/> lists the files that changed since (a write after the first).
    /// </summary>
    private sealed class ShardFileWatch : IAsyncDisposable
    {
        private readonly string _root;
        private readonly ConcurrentDictionary<string, (DateTime Written, long Length)> _first = new();
        private readonly ConcurrentDictionary<string, string> _rewritten = new();
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _poll;

        public ShardFileWatch(string root)
        {
            _root = root;
            _poll = Task.Run(PollAsync);
        }

        /// <summary>Shard files seen so far, all sweeps.</summary>
        public int Total => _first.Count;

        public IReadOnlyCollection<string> Rewritten => [.. _rewritten.Select(r => $"{r.Key}: {r.Value}")];

        /// <summary>Shard files of <paramref name="sweepId"/> seen so far.</summary>
        public int Count(string sweepId) => _first.Keys.Count(f => SweepOf(f) == sweepId);

        public async ValueTask DisposeAsync()
        {
            if (!_stop.IsCancellationRequested)
            {
                await _stop.CancelAsync();
                await _poll;
                Scan(); // a last look
            }
        }

        private static string SweepOf(string file) => Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(file))))!;

        private async Task PollAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                Scan();
                try
                {
                    await Task.Delay(50, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }

        private void Scan()
        {
            if (!Directory.Exists(_root))
            {
                return;
            }

            foreach (var file in Directory.EnumerateFiles(_root, "*.json", SearchOption.AllDirectories))
            {
                if (Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(file))) != "shards")
                {
                    continue;
                }

                var info = new FileInfo(file);
                if (!info.Exists)
                {
                    continue;
                }

                var seen = (info.LastWriteTimeUtc, info.Length);
                var first = _first.GetOrAdd(file, seen);
                if (first != seen)
                {
                    _rewritten.TryAdd(Path.GetRelativePath(_root, file), $"first written {first.Written:O} ({first.Length} bytes), again {seen.LastWriteTimeUtc:O} ({seen.Length} bytes)");
                }
            }
        }
    }
}
