using Saliency.Contracts;
using Saliency.TestFixtures;

namespace Saliency.Grains.Tests;

public class FaultToleranceTests
{
    [Fact]
    public async Task A_failing_shard_is_retried_and_the_sweep_completes()
    {
        using var results = new TempDir();
        var workload = new TestWorkload();
        workload.FailWhen = (work, _) => work.Key.Index == 1 && work.Attempt == 1;
        await using var harness = await TestClusterHarness.StartAsync(results.Path, workload);
        var spec = SweepSpecs.Small();

        var sweep = harness.Client.GetGrain<ISweepGrain>(spec.SweepId);
        await sweep.Submit(spec);
        var status = await SweepSpecs.WaitFinished(sweep, TimeSpan.FromSeconds(60));

        Assert.Equal(SweepState.Completed, status.State);
        Assert.Equal(3, status.Retries); // shard 1 of each of the 3 trials failed once
        Assert.Equal(12 + 3, workload.Evaluations.Count);
        foreach (var trial in (await sweep.GetResults()).Trials)
        {
            ExpectedAggregates.AssertMatches(trial, workload.Samples, -1, spec.Normalisations);
        }
    }

    [Fact]
    public async Task A_shard_that_always_fails_is_reported_after_the_allowed_attempts()
    {
        using var results = new TempDir();
        var workload = new TestWorkload();
        workload.FailWhen = (work, _) => work.Key.Index == 2 && work.Trial.Method == "GradCAM";
        await using var harness = await TestClusterHarness.StartAsync(results.Path, workload);
        var spec = SweepSpecs.Small(maxAttempts: 2);

        var sweep = harness.Client.GetGrain<ISweepGrain>(spec.SweepId);
        await sweep.Submit(spec);
        var status = await SweepSpecs.WaitFinished(sweep, TimeSpan.FromSeconds(60));

        Assert.Equal(SweepState.Failed, status.State);
        var failure = Assert.Single(status.FailedShards);
        Assert.Equal(2, failure.Key.Index);
        Assert.Equal(2, failure.Attempts);
        Assert.Contains("injected failure", failure.Error, StringComparison.Ordinal);
        Assert.Equal(3, status.SamplesFailed); // shard 2 holds samples 6..8
        Assert.Equal(2, workload.Evaluations.Count(e => e.Key == failure.Key));
    }

    [Fact]
    public async Task Resume_after_a_full_cluster_restart_computes_only_the_missing_shards()
    {
        using var results = new TempDir();
        var spec = SweepSpecs.Small(maxAttempts: 1);
        IReadOnlyList<ShardKey> persistedBefore;

        var first = new TestWorkload { FailWhen = (work, _) => work.Key.Index >= 2 };
        await using (var harness = await TestClusterHarness.StartAsync(results.Path, first))
        {
            var sweep = harness.Client.GetGrain<ISweepGrain>(spec.SweepId);
            await sweep.Submit(spec);
            Assert.Equal(SweepState.Failed, (await SweepSpecs.WaitFinished(sweep, TimeSpan.FromSeconds(60))).State);
            persistedBefore = await new Storage.ObjectStoreResultStore(new Saliency.Storage.LocalDirectoryObjectStore(results.Path)).ListShardsAsync(spec.SweepId);
            Assert.Equal(2 * 3, persistedBefore.Count);
        }

        var second = new TestWorkload();
        await using (var harness = await TestClusterHarness.StartAsync(results.Path, second))
        {
            var sweep = harness.Client.GetGrain<ISweepGrain>(spec.SweepId);
            Assert.Equal(SweepState.Failed, (await sweep.GetStatus()).State); // known from storage after the restart
            await sweep.Resume();
            var status = await SweepSpecs.WaitFinished(sweep, TimeSpan.FromSeconds(60));

            Assert.Equal(SweepState.Completed, status.State);
            var recomputed = second.Evaluations.Select(e => e.Key).ToHashSet();
            Assert.Equal(2 * 3, recomputed.Count);
            Assert.Empty(recomputed.Intersect(persistedBefore));
            Assert.Equal((10 - 6) * 3, status.SamplesComputedThisRun); // shards 2 and 3 hold samples 6..9
            foreach (var trial in (await sweep.GetResults()).Trials)
            {
                ExpectedAggregates.AssertMatches(trial, second.Samples, -1, spec.Normalisations);
                Assert.Equal(4, trial.ShardsAggregated);
            }
        }
    }

    [Fact]
    public async Task A_changed_spec_under_the_same_id_is_refused()
    {
        using var results = new TempDir();
        var workload = new TestWorkload();
        await using var harness = await TestClusterHarness.StartAsync(results.Path, workload);
        var spec = SweepSpecs.Small();
        var sweep = harness.Client.GetGrain<ISweepGrain>(spec.SweepId);
        await sweep.Submit(spec);
        await SweepSpecs.WaitFinished(sweep, TimeSpan.FromSeconds(60));

        var changed = spec with { ContentHash = new string('f', 64) };
        var e = await Assert.ThrowsAnyAsync<Exception>(() => harness.Client.GetGrain<ISweepGrain>(spec.SweepId).Submit(changed with { Name = spec.Name }));
        Assert.Contains("spec", e.Message + e.GetType().Name, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Cancel_stops_scheduling_and_resume_finishes_with_each_shard_counted_once()
    {
        using var results = new TempDir();
        var workload = new TestWorkload { DelayPerSample = TimeSpan.FromMilliseconds(40) };
        await using var harness = await TestClusterHarness.StartAsync(results.Path, workload);
        var spec = SweepSpecs.Small(shardSize: 2, concurrency: 2);
        var sweep = harness.Client.GetGrain<ISweepGrain>(spec.SweepId);
        await sweep.Submit(spec);
        while ((await sweep.GetStatus()).ShardsDone < 2)
        {
            await Task.Delay(20);
        }

        var cancelled = await sweep.Cancel();
        Assert.Equal(SweepState.Cancelled, cancelled.State);
        // A shard already handed to a silo may still start while the cancellation travels; after that, nothing new.
        await Task.Delay(300);
        var startedAtCancel = workload.Evaluations.Count;
        await Task.Delay(500);
        Assert.Equal(startedAtCancel, workload.Evaluations.Count);
        Assert.True(startedAtCancel < 15, $"{startedAtCancel} of 15 shards started before cancel");

        await sweep.Resume();
        var status = await SweepSpecs.WaitFinished(sweep, TimeSpan.FromSeconds(60));
        Assert.Equal(SweepState.Completed, status.State);
        var completedPerShard = workload.Completed.GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(15, completedPerShard.Count);
        Assert.All(completedPerShard.Values, n => Assert.Equal(1, n));
        foreach (var trial in (await sweep.GetResults()).Trials)
        {
            ExpectedAggregates.AssertMatches(trial, workload.Samples, -1, spec.Normalisations);
        }
    }

    [Fact]
    public async Task Losing_a_gpu_silo_mid_sweep_reschedules_its_shards_and_results_equal_an_undisturbed_run()
    {
        using var results = new TempDir();
        var workload = new TestWorkload { Samples = Enumerable.Range(0, 24).ToArray(), DelayPerSample = TimeSpan.FromMilliseconds(30) };
        await using var harness = await TestClusterHarness.StartAsync(results.Path, workload, gpuSilos: 2, fastFailureDetection: true);
        var spec = SweepSpecs.Small(shardSize: 2, concurrency: 4);
        var sweep = harness.Client.GetGrain<ISweepGrain>(spec.SweepId);
        await sweep.Submit(spec);

        var silos = harness.Cluster.Silos.ToList();
        var victimName = silos.Select(s => s.Name).First(n => n != TestClusterHarness.CpuSiloName);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!workload.Completed.Any(e => e.Silo == victimName) || !workload.Evaluations.Any(e => e.Silo != victimName))
        {
            Assert.True(DateTime.UtcNow < deadline, "work never reached both gpu silos");
            await Task.Delay(20);
        }

        var victim = silos.Single(s => s.Name == victimName);
        await harness.Cluster.KillSiloAsync(victim);
        var status = await SweepSpecs.WaitFinished(sweep, TimeSpan.FromSeconds(90));

        Assert.True(status.State == SweepState.Completed, status.Message + "\n" + string.Join("\n", status.FailedShards.Select(f => $"{f.Key}: {f.Attempts} {f.Error}")));
        Assert.Equal(24 * 3, status.SamplesDone);
        var survivors = workload.Evaluations.Where(e => e.Silo != victimName).Select(e => e.Key).ToHashSet();
        Assert.NotEmpty(survivors);
        foreach (var trial in (await SweepSpecs.ResultsAfterSiloLoss(sweep)).Trials)
        {
            Assert.Equal(12, trial.ShardsAggregated);
            ExpectedAggregates.AssertMatches(trial, workload.Samples, -1, spec.Normalisations);
        }
    }
}
