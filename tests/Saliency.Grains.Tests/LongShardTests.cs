using Saliency.Contracts;
using Saliency.TestFixtures;

namespace Saliency.Grains.Tests;

/// <summary>
/// A shard may run far longer than Orleans' default response timeout (minutes of ScoreCAM maps, or waiting behind
/// other shards on the device). Here the cluster's default timeout is cut to 1 s and each shard takes about 2 s:
/// the work call's own long timeout must keep every shard to one call, with no retry and no recomputation.
/// </summary>
public class LongShardTests
{
    [Fact]
    public async Task Shards_longer_than_the_default_response_timeout_complete_in_one_call_each()
    {
        using var results = new TempDir();
        var workload = new TestWorkload { Samples = Enumerable.Range(0, 8).ToArray(), DelayPerSample = TimeSpan.FromMilliseconds(500) };
        await using var harness = await TestClusterHarness.StartAsync(results.Path, workload, responseTimeout: TimeSpan.FromSeconds(1));
        var spec = SweepSpecs.Small(name: "long", shardSize: 4, concurrency: 2);
        var sweep = harness.Client.GetGrain<ISweepGrain>(spec.SweepId);
        await sweep.Submit(spec);
        var status = await SweepSpecs.WaitFinished(sweep, TimeSpan.FromSeconds(120));

        Assert.True(status.State == SweepState.Completed, status.Message);
        Assert.Equal(0, status.Retries);
        Assert.Equal(8 * spec.Trials.Count, status.SamplesDone);
        Assert.Equal(2 * spec.Trials.Count, workload.Evaluations.Count); // each shard of 4 samples evaluated once
    }
}
