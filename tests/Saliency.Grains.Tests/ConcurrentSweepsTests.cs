using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Saliency.Contracts;
using Saliency.Grains.Scheduling;
using Saliency.Silo.Hosting;
using Saliency.Silo.Hosting.Simulation;
using Saliency.Sweeps;
using Saliency.TestFixtures;
using Xunit.Abstractions;

namespace Saliency.Grains.Tests;

/// <summary>
/// Several sweeps at once on one pool (the pool simulation's machinery: one in-process silo offering simulated
/// devices, the synthetic evaluator waiting each shard's modelled time): the per-device limit holds across sweeps,
/// and the sweeps running together share the pool fairly. Observed from outside, by the <see cref="PoolProbe"/>'s
/// record of every work-grain call as the work grain received it.
/// </summary>
public sealed class ConcurrentSweepsTests(ITestOutputHelper output)
{
    private const int Devices = 6;

    /// <summary>36 shards of 4 samples of VanillaGrad (about 0.3 s each); no cluster-wide cap of its own.</summary>
    private static SweepSpec Spec(string name) => SweepFile.Parse($$"""
        name: {{name}}
        data: /data/patches.spb
        model: /data/model.ckpt
        samples: { limit: 144 }
        normalisations: [All-100]
        shard_size: 4
        max_concurrent_shards: 1000
        methods:
          - method: VanillaGrad
        """, name + ".yaml", "/");

    [Fact]
    public async Task Three_sweeps_at_once_never_put_more_than_the_limit_on_a_device_and_share_the_pool_equally_while_all_run()
    {
        using var dir = new TempDir();
        var probe = new PoolProbe();
        await using var cluster = await EmbeddedCluster.StartAsync(
            o =>
            {
                o.Executor.Device = PoolSimulation.Device;
                o.Executor.Evaluator = "synthetic";
                o.Executor.SyntheticSecondsPerPass = 0.03;
                o.Executor.SyntheticTimeScale = 1;
                o.Executor.SimulatedDevices = Devices;
                o.Results.Directory = dir.File("results");
            },
            services => services.AddSingleton<IIncomingGrainCallFilter>(probe));

        // The first sweep starts alone and fills the pool; the other two join it a moment later.
        var specs = new[] { Spec("first"), Spec("second"), Spec("third") };
        var sweeps = specs.Select(s => cluster.Client.GetGrain<ISweepGrain>(s.SweepId)).ToList();
        await sweeps[0].Submit(specs[0]);
        await Task.Delay(TimeSpan.FromSeconds(1));
        await Task.WhenAll(sweeps.Skip(1).Zip(specs.Skip(1), (g, s) => g.Submit(s)));
        foreach (var sweep in sweeps)
        {
            var status = await WaitFinished(sweep, TimeSpan.FromSeconds(120));
            Assert.True(status.State == SweepState.Completed, status.Message);
        }

        var calls = probe.ShardCalls;
        Assert.All(calls, c => Assert.True(c.Succeeded, $"{c.Key} failed"));
        foreach (var spec in specs)
        {
            Assert.Equal(36, calls.Count(c => c.Key.SweepId == spec.SweepId));
        }

        // The limit holds per device across the three sweeps.
        var limit = new SchedulerOptions().PerWorker;
        foreach (var device in calls.GroupBy(c => c.Device))
        {
            var (most, at) = MaxOverlap(device);
            Assert.True(most <= limit, $"device {device.Key} had {most} shards in flight (limit {limit}) at {Describe(device, at)}");
        }

        // While all three have work queued (from a second after the last one's first shard started, once the first
        // sweep's early shards have ended, to the first start of any sweep's last shard), each holds about a third
        // of the 12 slots: time-averaged, 4 +- 1, and the pool stays nearly full.
        var bySweep = calls.GroupBy(c => c.Key.SweepId).ToDictionary(g => g.Key, g => g.ToList());
        var from = bySweep.Values.Max(c => c.Min(x => x.Start)) + Stopwatch.Frequency;
        var to = bySweep.Values.Min(c => c.Max(x => x.Start));
        Assert.True(to - from > Stopwatch.Frequency, $"the sweeps overlapped for only {Seconds(to - from):F2} s with all of them busy");
        var slots = Devices * limit;
        var averages = bySweep.ToDictionary(s => s.Key, s => AverageInFlight(s.Value, from, to));
        var text = string.Join(", ", averages.Select(a => $"{a.Key}: {a.Value:F2}"));
        output.WriteLine($"overlap {Seconds(to - from):F2} s; shards in flight on average: {text}");
        Assert.All(averages.Values, a => Assert.True(Math.Abs(a - (slots / 3.0)) <= 1, $"shards in flight on average over {Seconds(to - from):F1} s of overlap: {text} (fair: {slots / 3.0:F1} each)"));
        Assert.True(averages.Values.Sum() >= 0.9 * slots, $"the pool was not kept full: {text} of {slots} slots");
    }

    private static async Task<SweepStatus> WaitFinished(ISweepGrain sweep, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var status = await sweep.GetStatus();
            if (status.IsFinished || DateTime.UtcNow > deadline)
            {
                return status;
            }

            await Task.Delay(100);
        }
    }

    private static double Seconds(long ticks) => (double)ticks / Stopwatch.Frequency;

    /// <summary>Mean number of <paramref name="calls"/> in flight over [from, to).</summary>
    private static double AverageInFlight(IEnumerable<ShardCall> calls, long from, long to) =>
        calls.Sum(c => (double)Math.Max(0, Math.Min(c.End, to) - Math.Max(c.Start, from))) / (to - from);

    /// <summary>The most calls whose [start, end) intervals overlap at one time, and when.</summary>
    private static (int Most, long At) MaxOverlap(IEnumerable<ShardCall> calls)
    {
        var events = calls.SelectMany(c => new[] { (c.Start, +1), (c.End, -1) }).OrderBy(e => e.Item1).ThenBy(e => e.Item2);
        var (current, max, at) = (0, 0, 0L);
        foreach (var (time, delta) in events)
        {
            current += delta;
            if (current > max)
            {
                (max, at) = (current, time);
            }
        }

        return (max, at);
    }

    private static string Describe(IEnumerable<ShardCall> calls, long at) =>
        string.Join(", ", calls.Where(c => c.Start <= at && at < c.End).Select(c => c.Key.ToString()));
}
