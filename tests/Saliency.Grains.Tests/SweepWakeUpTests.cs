using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Saliency.Contracts;
using Saliency.Grains.Storage;
using Saliency.Storage;
using Saliency.TestFixtures;
using Xunit.Abstractions;

namespace Saliency.Grains.Tests;

/// <summary>
/// A sweep submitted without <c>--watch</c> has nobody polling it. When the silo that coordinates it is lost (a
/// node gone, a pod killed), its wake-up reminder (<see cref="SweepWakeUpOptions"/>) must activate the sweep grain on
/// another silo, which continues from storage. The reminder table is the real Redis redis-clustered silos use (the
/// in-memory table is a grain on one silo and could die with it).
/// </summary>
public sealed class SweepWakeUpTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_sweep_whose_coordinating_silo_is_killed_finishes_elsewhere_without_being_asked_and_drops_its_reminder()
    {
        using var results = new TempDir();
        var workload = new TestWorkload { Samples = Enumerable.Range(0, 32).ToArray(), DelayPerSample = TimeSpan.FromMilliseconds(60) };
        await using var harness = await TestClusterHarness.StartAsync(
            results.Path, workload, gpuSilos: 2, fastFailureDetection: true,
            redisReminders: RedisService.ConnectionString(), wakeUp: TimeSpan.FromSeconds(2));
        var management = harness.Client.GetGrain<IManagementGrain>(0);

        // Placement is the cluster's to choose; silo 0 is the primary (it holds the test cluster's membership and
        // cannot be killed), so sweep names are tried until one's grain is activated on a gpu silo.
        SweepSpec? spec = null;
        ISweepGrain? sweep = null;
        SiloAddress? host = null;
        for (var attempt = 0; attempt < 30 && spec is null; attempt++)
        {
            var candidate = SweepSpecs.Small(name: $"unattended-{attempt}", shardSize: 2, concurrency: 2);
            var grain = harness.Client.GetGrain<ISweepGrain>(candidate.SweepId);
            await Assert.ThrowsAsync<KeyNotFoundException>(() => grain.GetStatus());
            var address = await management.GetActivationAddress(grain);
            if (address is not null && harness.Cluster.Silos.Single(s => s.SiloAddress.Equals(address)).Name != TestClusterHarness.CpuSiloName)
            {
                (spec, sweep, host) = (candidate, grain, address);
            }
        }

        Assert.True(spec is not null && sweep is not null && host is not null, "no sweep grain was placed on a gpu silo in 30 tries");
        await sweep.Submit(spec);
        var victim = harness.Cluster.Silos.Single(s => s.SiloAddress.Equals(host));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (workload.Completed.Count < 4)
        {
            Assert.True(DateTime.UtcNow < deadline, "no shard finished before the kill");
            await Task.Delay(20);
        }

        var doneBeforeKill = workload.Completed.Count;
        await harness.Cluster.KillSiloAsync(victim);

        // Nobody calls the sweep grain from here on: only the store is read.
        var store = new ObjectStoreResultStore(new LocalDirectoryObjectStore(results.Path));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        SweepManifest? manifest;
        do
        {
            await Task.Delay(250);
            manifest = await store.ReadManifestAsync(spec.SweepId);
        }
        while (manifest?.State == SweepState.Running && clock.Elapsed < TimeSpan.FromSeconds(60));

        output.WriteLine($"sweep grain on {victim.Name}; {doneBeforeKill} shard evaluations done before the kill; finished {clock.Elapsed.TotalSeconds:F1} s after it ({manifest?.State})");
        Assert.True(
            manifest?.State == SweepState.Completed,
            $"the sweep was still {manifest?.State} {clock.Elapsed.TotalSeconds:F0} s after the silo coordinating it was killed, with nobody asking: nothing continued it");
        Assert.Equal(spec.Trials.Count * 16, (await store.ReadShardsAsync(spec.SweepId)).Count);
        foreach (var trial in (await SweepSpecs.ResultsAfterSiloLoss(sweep)).Trials)
        {
            Assert.Equal(16, trial.ShardsAggregated);
            ExpectedAggregates.AssertMatches(trial, workload.Samples, -1, spec.Normalisations);
        }

        // A finished sweep holds no reminder (it would wake the grain every period for ever).
        var table = harness.Cluster.Silos.First(s => s.Name == TestClusterHarness.CpuSiloName).ServiceProvider.GetRequiredService<IReminderTable>();
        var rows = await table.ReadRows(sweep.GetGrainId());
        Assert.Empty(rows.Reminders);
    }
}
