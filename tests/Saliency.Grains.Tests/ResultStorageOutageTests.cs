using Saliency.Contracts;
using Saliency.Grains.Storage;
using Saliency.Storage;
using Saliency.TestFixtures;
using Xunit.Abstractions;

namespace Saliency.Grains.Tests;

/// <summary>
/// A sweep whose results go to Azure Blob Storage (a private, disk-backed Azurite) while the service is stopped in
/// the middle of the sweep and restarted: shard writes wait and retry instead of losing work, the sweep completes,
/// and every sample is counted exactly once with the scores an undisturbed run gives.
/// </summary>
public class ResultStorageOutageTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_sweep_rides_out_a_restart_of_its_results_storage_with_every_sample_counted_once()
    {
        using var azurite = new PrivateAzurite();
        var retry = new StorageRetryPolicy(40, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(2));
        var workload = new TestWorkload { DelayPerSample = TimeSpan.FromMilliseconds(200) };
        var spec = SweepSpecs.Small("outage", concurrency: 4);
        var blobs = new TimedObjectStore(AzureBlobObjectStore.Create(azurite.ConnectionString, "results"));
        await using var harness = await TestClusterHarness.StartWithResultStoreAsync(() => new ObjectStoreResultStore(blobs, "r", retry), workload);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var sweep = harness.Client.GetGrain<ISweepGrain>(spec.SweepId);
        await sweep.Submit(spec);
        output.WriteLine($"submitted at {clock.Elapsed.TotalSeconds:F1} s");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (workload.Completed.Count < 3)
        {
            Assert.True(DateTime.UtcNow < deadline, "the sweep did not start");
            await Task.Delay(20);
        }

        var completedBefore = workload.Completed.Count;
        azurite.Stop();
        var down = DateTime.UtcNow;
        output.WriteLine($"stopped at {clock.Elapsed.TotalSeconds:F1} s ({completedBefore} shards computed)");
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.False((await sweep.GetStatus()).IsFinished, "the sweep cannot finish while its storage is down");
        azurite.Start();
        var restarted = DateTime.UtcNow;
        output.WriteLine($"restarted at {clock.Elapsed.TotalSeconds:F1} s");

        var status = await SweepSpecs.WaitFinished(sweep, TimeSpan.FromSeconds(120));
        output.WriteLine($"finished at {clock.Elapsed.TotalSeconds:F1} s, {status.Retries} retries");
        Assert.True(status.State == SweepState.Completed, status.Message + string.Join(";", status.FailedShards.Select(f => f.Error)));
        Assert.True(completedBefore < 12, "the outage came after the last shard");
        var shardWritesAcrossOutage = blobs.Puts.Count(p => p.Key.Contains("/shards/", StringComparison.Ordinal) && p.Start < restarted && p.End > restarted);
        output.WriteLine($"{shardWritesAcrossOutage} shard writes waited out the outage");
        Assert.True(shardWritesAcrossOutage > 0, "no shard write was caught by the outage");
        Assert.DoesNotContain(blobs.Puts, p => p.Key.Contains("/shards/", StringComparison.Ordinal) && p.End > down && p.End < restarted);

        // Every sample of every trial once, in storage and in the aggregates, with the workload's own scores.
        var reader = new ObjectStoreResultStore(AzureBlobObjectStore.Create(azurite.ConnectionString, "results"), "r");
        Assert.Equal(12, (await reader.ListShardsAsync(spec.SweepId)).Count);
        foreach (var trial in spec.Trials)
        {
            var samples = (await reader.ReadShardsAsync(spec.SweepId, trial.TrialId)).SelectMany(r => r.Samples).ToList();
            Assert.Equal(workload.Samples, samples.Select(s => s.SampleIndex));
            foreach (var s in samples)
            {
                Assert.Equal(TestWorkload.Distance(trial.VariantId, s.SampleIndex, "All-100"), s.Scores.Single(x => x.Normalisation == "All-100").Distance);
            }
        }

        Assert.Equal(3 * workload.Samples.Count, status.SamplesDone);
        foreach (var trial in (await sweep.GetResults()).Trials)
        {
            ExpectedAggregates.AssertMatches(trial, workload.Samples, -1, spec.Normalisations);
        }

        Assert.Equal(SweepState.Completed, (await reader.ReadManifestAsync(spec.SweepId))!.State);
    }

    [Fact]
    public async Task Storage_that_stays_down_past_the_stores_retries_reschedules_the_shard_without_using_an_attempt()
    {
        using var results = new TempDir();
        var workload = new TestWorkload();
        var flaky = new FlakyResultStore(new ObjectStoreResultStore(new LocalDirectoryObjectStore(results.Path)), failingWritesPerShard: 2);
        await using var harness = await TestClusterHarness.StartWithResultStoreAsync(() => flaky, workload);
        var spec = SweepSpecs.Small("flaky", maxAttempts: 1);

        var sweep = harness.Client.GetGrain<ISweepGrain>(spec.SweepId);
        await sweep.Submit(spec);
        var status = await SweepSpecs.WaitFinished(sweep, TimeSpan.FromSeconds(60));

        // With one attempt allowed, the sweep can only complete if the failed writes did not count as attempts.
        Assert.True(status.State == SweepState.Completed, status.Message + string.Join(";", status.FailedShards.Select(f => f.Error)));
        Assert.Equal(12 * 2, status.Retries);
        Assert.Equal(12 * 3, workload.Evaluations.Count); // each lost write lost that computation, never more
        Assert.Equal(12, (await flaky.ListShardsAsync(spec.SweepId)).Count);
        foreach (var trial in (await sweep.GetResults()).Trials)
        {
            ExpectedAggregates.AssertMatches(trial, workload.Samples, -1, spec.Normalisations);
        }
    }

    /// <summary>A result store whose first writes of each shard fail as if storage were down past every retry.</summary>
    private sealed class FlakyResultStore(IResultStore inner, int failingWritesPerShard) : IResultStore
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<ShardKey, int> _writes = new();

        public Task WriteShardAsync(ShardResult result, CancellationToken ct = default) =>
            _writes.AddOrUpdate(result.Key, 1, (_, n) => n + 1) <= failingWritesPerShard
                ? throw new ResultStoreUnavailableException($"injected: storage down writing {result.Key}")
                : inner.WriteShardAsync(result, ct);

        public Task WriteManifestAsync(SweepManifest manifest, CancellationToken ct = default) => inner.WriteManifestAsync(manifest, ct);

        public Task<SweepManifest?> ReadManifestAsync(string sweepId, CancellationToken ct = default) => inner.ReadManifestAsync(sweepId, ct);

        public Task<ShardResult?> ReadShardAsync(ShardKey key, CancellationToken ct = default) => inner.ReadShardAsync(key, ct);

        public Task<IReadOnlyList<ShardResult>> ReadShardsAsync(string sweepId, string? trialId = null, CancellationToken ct = default) =>
            inner.ReadShardsAsync(sweepId, trialId, ct);

        public Task<IReadOnlyList<ShardKey>> ListShardsAsync(string sweepId, CancellationToken ct = default) => inner.ListShardsAsync(sweepId, ct);

        public Task<IReadOnlyList<string>> ListSweepsAsync(CancellationToken ct = default) => inner.ListSweepsAsync(ct);

        public Task WriteArtifactAsync(string sweepId, string name, ReadOnlyMemory<byte> content, CancellationToken ct = default) =>
            inner.WriteArtifactAsync(sweepId, name, content, ct);

        public Task<byte[]?> ReadArtifactAsync(string sweepId, string name, CancellationToken ct = default) => inner.ReadArtifactAsync(sweepId, name, ct);

        public Task<IReadOnlyList<string>> ListArtifactsAsync(string sweepId, string prefix = "", CancellationToken ct = default) =>
            inner.ListArtifactsAsync(sweepId, prefix, ct);
    }
}
