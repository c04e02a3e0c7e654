using Saliency.Contracts;
using Saliency.TestFixtures;

namespace Saliency.Grains.Tests;

public class PlacementTests
{
    [Fact]
    public async Task Work_runs_only_on_the_gpu_silo_of_a_mixed_cluster_and_results_are_exact()
    {
        using var results = new TempDir();
        var workload = new TestWorkload { SkippedSample = 104 };
        await using var harness = await TestClusterHarness.StartAsync(results.Path, workload, gpuSilos: 1);
        var spec = SweepSpecs.Small();

        var sweep = harness.Client.GetGrain<ISweepGrain>(spec.SweepId);
        await sweep.Submit(spec);
        var status = await SweepSpecs.WaitFinished(sweep, TimeSpan.FromSeconds(60));

        Assert.Equal(SweepState.Completed, status.State);
        Assert.Equal(4 * 3, status.ShardsTotal); // 10 samples in shards of 3 -> 4 shards, x 3 trials
        Assert.Equal(10 * 3, status.SamplesDone);
        Assert.Equal(3, status.SamplesSkipped);
        Assert.Equal(4 * 3, workload.Evaluations.Count);
        Assert.All(workload.Evaluations, e => Assert.NotEqual(TestClusterHarness.CpuSiloName, e.Silo));
        var worker = Assert.Single(status.Workers);
        Assert.NotEqual(TestClusterHarness.CpuSiloName, worker.Silo);
        Assert.Equal("test-gpu", worker.Device);

        var sweepResults = await sweep.GetResults();
        Assert.Equal(spec.Trials.Select(t => t.VariantId), sweepResults.Trials.Select(t => t.VariantId));
        foreach (var trial in sweepResults.Trials)
        {
            ExpectedAggregates.AssertMatches(trial, workload.Samples, 104, spec.Normalisations);
            Assert.Equal(4, trial.ShardsAggregated);
            Assert.Equal(new ReasonCount(SampleOutcome.Skipped, "empty mask", 1), Assert.Single(trial.Reasons));
        }
    }

    [Fact]
    public async Task Without_a_gpu_silo_work_is_refused_rather_than_run_on_a_cpu_silo()
    {
        using var results = new TempDir();
        var workload = new TestWorkload();
        await using var harness = await TestClusterHarness.StartAsync(results.Path, workload, gpuSilos: 0);
        var spec = SweepSpecs.Small(maxAttempts: 1);
        var key = new ShardKey(spec.SweepId, spec.Trials[0].TrialId, 0);
        var work = new ShardWork(key, spec.Trials[0], spec.DataPath, spec.ModelPath, [1, 2], spec.Normalisations, 1);

        await Assert.ThrowsAnyAsync<Exception>(() => harness.Client.GetGrain<IShardWorkGrain>(key.GrainKey).Run(work));
        Assert.Empty(workload.Evaluations);

        var sweep = harness.Client.GetGrain<ISweepGrain>(spec.SweepId);
        await sweep.Submit(spec);
        var status = await SweepSpecs.WaitFinished(sweep, TimeSpan.FromSeconds(30));
        Assert.Equal(SweepState.Failed, status.State);
        Assert.Empty(workload.Evaluations);
    }
}
