using System.Diagnostics;
using Saliency.Contracts;
using Saliency.Grains.Gpu;
using Saliency.Grains.Scheduling;
using Saliency.Silo.Hosting.Simulation;
using Saliency.Sweeps;

namespace Saliency.Grains.Tests;

/// <summary>
/// The pool simulation (docs/cluster.md): the real sweep grain, scheduler, work grains, result store and aggregators
/// over 16 simulated GPU silos, with the synthetic evaluator waiting each shard's modelled time (scaled down).
/// </summary>
public sealed class PoolSimulationTests
{
    private const int Silos = 16;
    private const int Samples = 384;
    private const int ShardSize = 16;

    /// <summary>No cluster-wide cap (10 000 shards in flight): the per-silo limit alone bounds the dispatch.</summary>
    private static SweepSpec Spec() => SweepFile.Parse($$"""
        name: pool-test
        data: /data/patches.spb
        model: /data/model.ckpt
        samples: { limit: {{Samples}} }
        normalisations: [All-100, Abs-99]
        shard_size: {{ShardSize}}
        max_concurrent_shards: 10000
        methods:
          - method: SmoothGrad
            params: { n: 10 }
          - method: VanillaGrad
          - method: GradCAM
        """, "pool-test.yaml", "/");

    [Fact]
    public async Task Every_shard_runs_once_within_the_per_silo_limit_on_every_simulated_silo_and_every_trial_is_aggregated()
    {
        var spec = Spec();
        var run = await PoolSimulation.RunAsync(spec, new PoolSimulationOptions(Silos, SecondsPerPass: 0.001, TimeScale: 0.2, TimeSpan.FromSeconds(120)));

        Assert.True(run.Status.State == SweepState.Completed, run.Status.Message);
        var shardsPerTrial = Samples / ShardSize;
        var expected = spec.Trials.SelectMany(t => Enumerable.Range(0, shardsPerTrial).Select(i => new ShardKey(spec.SweepId, t.TrialId, i))).ToHashSet();
        Assert.Equal(expected.Count, run.Status.ShardsDone);

        // Every shard completed and is stored; none ran twice (one work-grain call each, none failed).
        Assert.Equal(expected, run.Shards.Select(s => s.Key).ToHashSet());
        Assert.Equal(expected.Count, run.Shards.Count);
        Assert.All(run.ShardCalls, c => Assert.True(c.Succeeded, $"{c.Key} failed"));
        Assert.Equal(expected, run.ShardCalls.Select(c => c.Key).ToHashSet());
        Assert.Empty(run.ShardCalls.GroupBy(c => c.Key).Where(g => g.Count() > 1).Select(g => g.Key));

        // No simulated silo ever held more shards than the per-silo limit; every one of them got work.
        var limit = new SchedulerOptions().PerWorker;
        foreach (var device in run.ShardCalls.GroupBy(c => c.Device))
        {
            Assert.True(MaxOverlap(device) <= limit, $"device {device.Key} had {MaxOverlap(device)} shards in flight (limit {limit})");
        }

        Assert.Equal(Enumerable.Range(0, Silos), run.ShardCalls.Select(c => c.Device).Distinct().Order());
        Assert.Equal(
            Enumerable.Range(0, Silos).Select(d => $"{PoolSimulation.Device}/{d}").Order(StringComparer.Ordinal),
            run.Shards.Select(s => s.Device).Distinct().Order(StringComparer.Ordinal));

        // Every trial's aggregate holds all its samples and shards.
        Assert.Equal(spec.Trials.Select(t => t.TrialId).Order(), run.Aggregates.Select(a => a.TrialId).Order());
        Assert.All(run.Aggregates, a => Assert.Equal((Samples, 0, shardsPerTrial), (a.Done, a.Failed, a.ShardsAggregated)));
    }

    [Fact]
    public void The_synthetic_evaluator_waits_the_catalogue_cost_of_its_samples_without_using_a_core()
    {
        var spec = Spec();
        var smoothGrad = spec.Trials[0];
        Assert.Equal(10 + 20 + 1, TrialCost.PerSample(smoothGrad), 12);
        var evaluator = new SyntheticShardEvaluator(secondsPerPass: 0.004, timeScale: 0.5);
        var work = new ShardWork(new ShardKey(spec.SweepId, smoothGrad.TrialId, 0), smoothGrad, "/d", "/m", [0, 1, 2, 3, 4, 5, 6, 7], ["All-100"], 1, []);

        var cpu = ThreadCpuTicks();
        var clock = Stopwatch.StartNew();
        var result = evaluator.Evaluate(work, "sim", CancellationToken.None);
        var waited = clock.Elapsed.TotalSeconds;
        var used = (ThreadCpuTicks() - cpu) / 100.0; // USER_HZ

        var perSample = 0.004 * 31 * 0.5; // passes x seconds per pass x time scale
        Assert.All(result.Samples, s => Assert.Equal(perSample, s.Seconds, 12));
        Assert.True(waited >= 8 * perSample, $"returned after {waited:F3} s, before the {8 * perSample:F3} s modelled");
        Assert.True(used < waited / 2, $"used {used:F3} s of CPU while waiting {waited:F3} s (spinning?)");
    }

    /// <summary>
    /// CPU time of the calling thread (user + system, clock ticks of 10 ms) from <c>/proc/thread-self/stat</c>: the
    /// evaluator waits on this thread, so the process's other threads (earlier tests' clusters winding down) do not count.
    /// </summary>
    private static long ThreadCpuTicks()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The most calls whose [start, end) intervals overlap at one time.</summary>
    private static int MaxOverlap(IEnumerable<ShardCall> calls)
    {
        var events = calls.SelectMany(c => new[] { (c.Start, +1), (c.End, -1) }).OrderBy(e => e.Item1).ThenBy(e => e.Item2);
        var (current, max) = (0, 0);
        foreach (var (_, delta) in events)
        {
            current += delta;
            max = Math.Max(max, current);
        }

        return max;
    }
}
