using System.Diagnostics;
using System.Text.RegularExpressions;
using Saliency.Cli.Commands.Sweep;
using Saliency.Contracts;
using Saliency.Grains.Gpu;
using Saliency.Grains.Storage;
using Saliency.Storage;
using Saliency.TestFixtures;
using Xunit.Abstractions;

namespace Saliency.Cli.Tests;

/// <summary>
/// Elastic pool, draining (issue 18): two real silo processes (A, the localhost-clustering primary, and B) run a
/// sweep submitted by the CLI as its own process with <c>--watch</c>; once B has stored a shard (so it has more in
/// flight), B gets SIGTERM, as Kubernetes sends it, with a 20 s shutdown timeout (<c>DOTNET_shutdownTimeoutSeconds</c>).
/// B must exit by itself, with code 0, within that grace; the sweep must complete; every shard of every trial is
/// stored once with exactly its samples and the synthetic evaluator's scores (what an undisturbed run stores: the
/// scores are a fixed function of variant, sample and normalisation), and no shard is computed twice. In the
/// "silo processes" collection: it starts silo processes and must not overlap the other tests that do.
/// </summary>
[Collection("silo processes")]
public sealed partial class SiloDrainTests(ITestOutputHelper output)
{
    private const int Samples = 24;
    private const int ShardSize = 4;
    private const int ShutdownSeconds = 20;

    private static readonly string[] Variants = ["VanillaGrad", "GradCAM"];

    private static readonly string Sweep = $$"""
        name: drain
        data: /nowhere/patches.spb
        model: /nowhere/model.ckpt
        samples: { limit: {{Samples}} }
        normalisations: [All-100, Abs-99]
        shard_size: {{ShardSize}}
        methods:
          - method: VanillaGrad
          - method: GradCAM
        """;

    [Fact]
    public async Task A_silo_drained_with_SIGTERM_finishes_or_hands_back_its_shards_and_the_sweep_loses_none()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("drain.yaml"), Sweep);
        var settings = new Dictionary<string, string>
        {
            ["Saliency__Executor__Evaluator"] = "synthetic",
            ["Saliency__Executor__SyntheticSecondsPerSample"] = "0.5", // 2 s a shard
            ["Saliency__Results__Directory"] = dir.File("results"),
            ["DOTNET_shutdownTimeoutSeconds"] = ShutdownSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = string.Empty,
            ["SALIENCY_MALLOC_TUNING"] = "off",
        };
        await using var a = LocalSiloProcess.Start(settings);
        await using var b = LocalSiloProcess.Start(settings, a.SiloPort);
        var (code, listed, error) = await a.CliWhenReachable(args => CliRunner.Run(args), "sweep", "list", "--cluster", a.Address);
        Assert.True(code == 0, $"{listed}\n{error}\nA: {a.Log}");

        var watch = CliProcess.RunAsync(
            new Dictionary<string, string> { ["SALIENCY_MALLOC_TUNING"] = "off" },
            TimeSpan.FromSeconds(100),
            "sweep", "submit", dir.File("drain.yaml"), "--cluster", a.Address, "--watch");

        // B has stored a shard: it has the next ones in flight (two per silo), one computing.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!StoredLine().IsMatch(b.Log) && DateTime.UtcNow < deadline && !watch.IsCompleted)
        {
            await Task.Delay(100);
        }

        Assert.True(StoredLine().IsMatch(b.Log), $"B stored no shard\nA: {a.Log}\nB: {b.Log}");
        var bName = StoredLine().Match(b.Log).Groups["silo"].Value;
        var sweepOnB = Assert.Single(ActivatedLine().Matches(a.Log + b.Log)).Groups["silo"].Value == bName;
        var storedBeforeTerm = StoredLine().Matches(b.Log).Count;
        var clock = Stopwatch.StartNew();
        b.Terminate();
        var exited = await b.WaitForExitAsync(TimeSpan.FromSeconds(ShutdownSeconds + 10));
        var toExit = clock.Elapsed;
        var (cliCode, cliOutput) = await watch;
        var bLog = b.Log;
        var storedAfterTerm = StoredLine().Matches(bLog).Count - storedBeforeTerm;
        var handedBack = HandedBackLine().Matches(bLog).Count;
        output.WriteLine($"sweep grain on {(sweepOnB ? "B" : "A")}; B: SIGTERM to exit {toExit.TotalSeconds:F1} s (exit code {(exited ? b.ExitCode : -1)}); shards stored by B before SIGTERM {storedBeforeTerm}, after {storedAfterTerm}; handed back {handedBack}");
        output.WriteLine($"CLI:\n{cliOutput}\nA:\n{a.Log}\nB:\n{bLog}");

        // A shard the drained silo did not finish is handed back (placed again, no attempt used): never a failed attempt.
        var failedAttempts = FailedAttemptLine().Matches(a.Log + bLog).Select(m => m.Value).ToList();
        Assert.True(failedAttempts.Count == 0, $"shards failed because B was stopping:\n{string.Join("\n", failedAttempts)}");
        // B finished or handed back what it held (two shards per silo in flight), and it got no new shard while
        // draining: a handed-back shard went elsewhere, so none was handed back twice.
        Assert.Contains("draining", bLog, StringComparison.Ordinal);
        var bounced = HandedBackLine().Matches(bLog).GroupBy(m => m.Groups["shard"].Value).Where(g => g.Count() > 1).Select(g => $"{g.Key} ({g.Count()}x)").ToList();
        Assert.True(bounced.Count == 0, $"shards handed back more than once (B still got work while draining): {string.Join(", ", bounced)}");
        Assert.InRange(storedAfterTerm + handedBack, 1, 2);
        if (sweepOnB)
        {
            // Placement put the sweep grain on B (it has always chosen A here): it left with B, and the watch's next
            // poll re-activated it on A, which continued from storage.
            var continued = ActivatedLine().Matches(a.Log).Select(m => m.Value).ToList();
            Assert.True(continued.Count == 1 && continued[0].EndsWith("(Running)", StringComparison.Ordinal), $"the sweep was not continued on A:\n{a.Log}");
        }

        Assert.True(exited, $"B still runs {toExit.TotalSeconds:F0} s after SIGTERM\nB: {bLog}");
        Assert.True(b.ExitCode == 0, $"B exited with {b.ExitCode}\nB: {bLog}");
        Assert.True(toExit < TimeSpan.FromSeconds(ShutdownSeconds), $"B took {toExit.TotalSeconds:F1} s to exit, more than its {ShutdownSeconds} s grace");
        Assert.False(a.HasExited, a.Log);
        Assert.True(cliCode == 0, $"{cliOutput}\nA: {a.Log}\nB: {bLog}");
        Assert.Contains("Completed", cliOutput, StringComparison.Ordinal);
        Assert.Contains($"{Samples * Variants.Length}/{Samples * Variants.Length} samples", cliOutput, StringComparison.Ordinal);

        // Every shard stored once, with exactly its samples, all done, with the scores an undisturbed run stores.
        var store = new ObjectStoreResultStore(new LocalDirectoryObjectStore(dir.File("results")));
        var sweepId = Assert.Single(await store.ListSweepsAsync());
        var shards = await store.ReadShardsAsync(sweepId);
        var manifest = (await store.ReadManifestAsync(sweepId))!;
        Assert.Equal(SweepState.Completed, manifest.State);
        var trials = manifest.Spec.Trials.ToDictionary(t => t.TrialId, t => t.VariantId);
        var expectedKeys = trials.Keys.SelectMany(t => Enumerable.Range(0, Samples / ShardSize).Select(i => (t, i))).Order().ToList();
        Assert.Equal(expectedKeys, shards.Select(s => (s.Key.TrialId, s.Key.Index)).Order().ToList());
        foreach (var shard in shards)
        {
            Assert.Equal(Enumerable.Range(shard.Key.Index * ShardSize, ShardSize), shard.Samples.Select(s => s.SampleIndex));
            foreach (var sample in shard.Samples)
            {
                Assert.Equal(SampleOutcome.Done, sample.Outcome);
                var variant = trials[shard.Key.TrialId];
                Assert.Equal(
                    new[] { "All-100", "Abs-99" }.Select(n => (n, SyntheticShardEvaluator.Score($"d|{variant}|{sample.SampleIndex}|{n}"), SyntheticShardEvaluator.Score($"e|{variant}|{sample.SampleIndex}|{n}"))),
                    sample.Scores.Select(s => (s.Normalisation, s.Distance, s.Energy)));
            }
        }

        // Both silos computed, and no shard was computed (and stored) twice: each shard has one "stored" line.
        var computed = StoredLine().Matches(a.Log).Concat(StoredLine().Matches(bLog)).Select(m => m.Groups["shard"].Value).ToList();
        Assert.True(StoredLine().Matches(a.Log).Count > 0, a.Log);
        var twice = computed.GroupBy(k => k).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(twice.Count == 0, $"computed twice: {string.Join(", ", twice)}");
        Assert.Equal(shards.Count, computed.Count);
    }

    [GeneratedRegex(@"Shard (?<shard>\S+) stored by silo (?<silo>\S+)")]
    private static partial Regex StoredLine();

    [GeneratedRegex(@"Sweep \S+ activated on silo (?<silo>\S+) \((new|Running)\)")]
    private static partial Regex ActivatedLine();

    [GeneratedRegex(@"Shard \S+ (attempt \d+ failed|failed after) .*")]
    private static partial Regex FailedAttemptLine();

    [GeneratedRegex(@"Shard (?<shard>\S+) handed back")]
    private static partial Regex HandedBackLine();
}
