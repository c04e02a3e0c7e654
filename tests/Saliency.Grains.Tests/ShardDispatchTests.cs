using Saliency.Contracts;
using Saliency.TestFixtures;

namespace Saliency.Grains.Tests;

/// <summary>How the sweep grain hands out shards: to the least loaded GPU silo, longest shards first.</summary>
public class ShardDispatchTests
{
    [Fact]
    public async Task A_faster_gpu_silo_gets_more_shards_because_each_silo_takes_the_next_one_when_it_has_room()
    {
        using var results = new TempDir();
        // Silo_1 computes a sample in 30 ms, Silo_2 in 120 ms: pulling work as it frees up, Silo_1 should take about
        // four shards in five; random placement would split them about evenly and leave Silo_1 idle.
        var workload = new TestWorkload
        {
            DelayOnSilo = silo => TimeSpan.FromMilliseconds(silo == "Silo_1" ? 30 : 120),
        };
        await using var harness = await TestClusterHarness.StartAsync(results.Path, workload, gpuSilos: 2);
        var spec = SweepSpecs.Small("dispatch", shardSize: 1, concurrency: 8);

        var sweep = harness.Client.GetGrain<ISweepGrain>(spec.SweepId);
        await sweep.Submit(spec);
        var status = await SweepSpecs.WaitFinished(sweep, TimeSpan.FromSeconds(60));

        Assert.True(status.State == SweepState.Completed, status.Message);
        Assert.Equal(30, workload.Evaluations.Count);
        var fast = workload.Evaluations.Count(e => e.Silo == "Silo_1");
        var slow = workload.Evaluations.Count(e => e.Silo == "Silo_2");
        Assert.Equal(30, fast + slow);
        Assert.True(fast >= 20, $"fast silo ran {fast} of 30 shards, slow silo {slow}");
        Assert.True(slow >= 2, $"slow silo ran {slow} of 30 shards: it should still take work");
    }

    [Fact]
    public async Task Shards_start_longest_first_by_the_trials_estimated_cost()
    {
        using var results = new TempDir();
        var workload = new TestWorkload();
        await using var harness = await TestClusterHarness.StartAsync(results.Path, workload, gpuSilos: 1);
        var spec = SweepSpecs.Small("longest-first", shardSize: 3, concurrency: 1);
        var smoothGrad = spec.Trials.Single(t => t.Method == "SmoothGrad").TrialId;

        var sweep = harness.Client.GetGrain<ISweepGrain>(spec.SweepId);
        await sweep.Submit(spec);
        var status = await SweepSpecs.WaitFinished(sweep, TimeSpan.FromSeconds(60));

        Assert.Equal(SweepState.Completed, status.State);
        var order = workload.Evaluations.Select(e => e.Key).ToList();
        Assert.Equal(12, order.Count);
        // SmoothGrad (n = 10) costs ~11 passes per sample against ~1.3 for VanillaGrad and GradCAM: its four shards
        // (even the one-sample shard) go first; the cheap ones follow in shard order, trials in the file's order.
        Assert.All(order.Take(4), k => Assert.Equal(smoothGrad, k.TrialId));
        Assert.Equal([0, 1, 2, 3], order.Take(4).Select(k => k.Index));
        var cheap = spec.Trials.Where(t => t.TrialId != smoothGrad).Select(t => t.TrialId).ToList();
        Assert.Equal(
            Enumerable.Range(0, 3).SelectMany(i => cheap.Select(t => (t, i))),
            order.Skip(4).Take(6).Select(k => (k.TrialId, k.Index)));
    }
}
