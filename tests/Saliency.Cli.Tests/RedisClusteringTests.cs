using System.Diagnostics;
using System.Text.RegularExpressions;
using Saliency.Cli.Commands.Sweep;
using Saliency.Contracts;
using Saliency.Grains.Storage;
using Saliency.Storage;
using Saliency.TestFixtures;

namespace Saliency.Cli.Tests;

/// <summary>
/// Production clustering for real: two silo processes find each other through Orleans membership in a real Redis
/// (fresh ClusterId per test), write results to Azure Blob Storage (Azurite; the connection string only in the
/// environment), and the CLI process submits and watches a sweep through both gateways.
/// </summary>
[Collection("silo processes")]
public partial class RedisClusteringTests
{
    private const string Sweep = """
        name: redis-two-silos
        data: /nowhere/patches.spb
        model: /nowhere/model.ckpt
        samples: { limit: 24 }
        normalisations: [All-100]
        shard_size: 2
        max_concurrent_shards: 8
        methods:
          - method: VanillaGrad
          - method: GradCAM
        """;

    [Fact]
    public async Task Two_silo_processes_clustered_in_redis_share_a_sweep_submitted_by_the_cli()
    {
        var redis = RedisService.ConnectionString();
        var azure = AzuriteService.ConnectionString(AzuriteService.SharedBlobPort);
        Assert.True(AzuriteService.IsListening(AzuriteService.SharedBlobPort), "No Azurite on 127.0.0.1:10000: run scripts/services/azurite.sh");
        using var dir = new TempDir();
        var sweepFile = dir.File("sweep.yaml");
        File.WriteAllText(sweepFile, Sweep);
        var clusterId = "redis-test-" + Guid.NewGuid().ToString("N")[..12];
        var container = "c" + Guid.NewGuid().ToString("N")[..20];

        var silos = new List<LocalSiloProcess>();
        try
        {
            await StartTwoSilosAsync(silos, redis, clusterId, new Dictionary<string, string>
            {
                ["Saliency__Executor__SyntheticSecondsPerSample"] = "0.05",
                ["Saliency__Results__Storage"] = $"azure://{container}/results",
                ["AZURE_STORAGE_CONNECTION_STRING"] = azure,
            });

            var (code, output) = await CliProcess.RunAsync(
                new Dictionary<string, string> { ["SALIENCY_CLUSTER_ID"] = clusterId },
                TimeSpan.FromSeconds(180),
                "sweep", "submit", sweepFile, "--cluster", string.Join(',', silos.Select(s => s.Address)), "--watch");
            Assert.True(code == 0, $"cli: {output}\nsilo 0: {silos[0].Log}\nsilo 1: {silos[1].Log}");
            Assert.Contains("Completed", output, StringComparison.Ordinal);
            Assert.DoesNotContain(azure, output + silos[0].Log + silos[1].Log, StringComparison.Ordinal);

            // Every shard of both trials is in the Azure results, each sample once, and both silos computed some.
            var store = new ObjectStoreResultStore(AzureBlobObjectStore.Create(azure, container, "results"));
            var sweepId = Assert.Single(await store.ListSweepsAsync());
            var shards = await store.ReadShardsAsync(sweepId);
            Assert.Equal(2 * 12, shards.Count);
            foreach (var trial in shards.GroupBy(s => s.Key.TrialId))
            {
                Assert.Equal(Enumerable.Range(0, 24), trial.SelectMany(s => s.Samples).Select(x => x.SampleIndex));
            }

            var bySilo = shards.GroupBy(s => s.Silo).ToDictionary(g => g.Key, g => g.Count());
            Assert.True(bySilo.Count == 2, "shards per silo: " + string.Join(", ", bySilo.Select(kv => $"{kv.Key}={kv.Value}")));

            // The CLI can also find the gateways in Redis: by address, and from the silos' own settings (the submit Job's way).
            var (listCode, list) = await CliProcess.RunAsync(
                new Dictionary<string, string> { ["SALIENCY_CLUSTER"] = "redis://" + redis, ["SALIENCY_CLUSTER_ID"] = clusterId },
                TimeSpan.FromSeconds(60),
                "sweep", "list");
            Assert.True(listCode == 0, list);
            Assert.Contains(sweepId, list, StringComparison.Ordinal);
            var (statusCode, status) = await CliProcess.RunAsync(
                new Dictionary<string, string>
                {
                    ["Saliency__Silo__Clustering"] = "redis",
                    ["Saliency__Silo__Redis"] = redis,
                    ["Saliency__Silo__ClusterId"] = clusterId,
                },
                TimeSpan.FromSeconds(60),
                "sweep", "status", sweepId);
            Assert.True(statusCode == 0, status);
            Assert.Contains("Completed", status, StringComparison.Ordinal);
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// `sweep submit` without --watch leaves nobody polling the sweep. The silo coordinating it is killed (SIGKILL, as
    /// when its node is lost); the sweep's wake-up reminder, kept in the same Redis as the membership
    /// (Saliency:Silo:SweepWakeUpSeconds = 2 here), must activate the sweep grain on the other silo, which finishes it.
    /// </summary>
    [Fact]
    public async Task A_sweep_nobody_watches_finishes_after_the_silo_coordinating_it_is_killed()
    {
        var redis = RedisService.ConnectionString();
        using var dir = new TempDir();
        var sweepFile = dir.File("sweep.yaml");
        File.WriteAllText(sweepFile, Sweep.Replace("redis-two-silos", "unattended", StringComparison.Ordinal));
        var clusterId = "redis-wake-" + Guid.NewGuid().ToString("N")[..12];
        var silos = new List<LocalSiloProcess>();
        try
        {
            await StartTwoSilosAsync(silos, redis, clusterId, new Dictionary<string, string>
            {
                ["Saliency__Silo__SweepWakeUpSeconds"] = "2",
                ["Saliency__Executor__SyntheticSecondsPerSample"] = "0.25",
                ["Saliency__Results__Directory"] = dir.File("results"),
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = string.Empty,
            });

            var (code, output) = await CliProcess.RunAsync(
                new Dictionary<string, string> { ["SALIENCY_CLUSTER_ID"] = clusterId },
                TimeSpan.FromSeconds(120),
                "sweep", "submit", sweepFile, "--cluster", string.Join(',', silos.Select(s => s.Address)));
            Assert.True(code == 0, $"cli: {output}\nsilo 0: {silos[0].Log}\nsilo 1: {silos[1].Log}");

            var store = new ObjectStoreResultStore(new LocalDirectoryObjectStore(dir.File("results")));
            var sweepId = Assert.Single(await store.ListSweepsAsync());
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while ((await store.ReadShardsAsync(sweepId)).Count < 2)
            {
                Assert.True(DateTime.UtcNow < deadline, $"no shard stored in 60 s\nsilo 0: {silos[0].Log}\nsilo 1: {silos[1].Log}");
                await Task.Delay(100);
            }

            var coordinator = Assert.Single(silos, s => ActivatedNew().IsMatch(s.Log));
            var survivor = silos.Single(s => s != coordinator);
            Process.GetProcessById(coordinator.Id).Kill();
            Assert.True(await coordinator.WaitForExitAsync(TimeSpan.FromSeconds(10)), "the killed silo still runs");
            var storedAtKill = (await store.ReadShardsAsync(sweepId)).Count;

            // Nobody asks the cluster about the sweep from here on: only the results folder is read.
            var clock = Stopwatch.StartNew();
            SweepManifest? manifest;
            do
            {
                await Task.Delay(250);
                manifest = await store.ReadManifestAsync(sweepId);
            }
            while (manifest?.State == SweepState.Running && clock.Elapsed < TimeSpan.FromSeconds(90));

            Assert.True(
                manifest?.State == SweepState.Completed,
                $"the sweep was still {manifest?.State} {clock.Elapsed.TotalSeconds:F0} s after the silo coordinating it was killed ({storedAtKill} of 24 shards stored then), with nobody asking\nsurvivor: {survivor.Log}");
            Assert.Contains("was running when its previous activation was lost; continuing", survivor.Log, StringComparison.Ordinal);
            var shards = await store.ReadShardsAsync(sweepId);
            Assert.Equal(2 * 12, shards.Count);
            foreach (var trial in shards.GroupBy(s => s.Key.TrialId))
            {
                Assert.Equal(Enumerable.Range(0, 24), trial.SelectMany(s => s.Samples).Select(x => x.SampleIndex).Order());
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

    /// <summary>
    /// Starts two synthetic silo processes clustered in the Redis at <paramref name="redis"/> under
    /// <paramref name="clusterId"/>, with <paramref name="settings"/> on top, into <paramref name="silos"/> (which the
    /// caller disposes), and waits until both gateways listen.
    /// </summary>
    private static async Task StartTwoSilosAsync(List<LocalSiloProcess> silos, string redis, string clusterId, Dictionary<string, string> settings)
    {
        for (var i = 0; i < 2; i++)
        {
            var environment = new Dictionary<string, string>(settings)
            {
                ["Saliency__Silo__Clustering"] = "redis",
                ["Saliency__Silo__Redis"] = redis,
                ["Saliency__Silo__ClusterId"] = clusterId,
                ["Saliency__Silo__AdvertisedIP"] = "127.0.0.1",
                ["Saliency__Executor__Evaluator"] = "synthetic",
            };
            silos.Add(LocalSiloProcess.Start(environment));
        }

        foreach (var silo in silos)
        {
            Assert.True(await CliProcess.WaitListeningAsync(silo.GatewayPort, TimeSpan.FromSeconds(90)) && !silo.HasExited, $"silo {silo.Address} did not open its gateway: {silo.Log}");
        }
    }

    [GeneratedRegex(@"Sweep \S+ activated on silo \S+ \(new\)")]
    private static partial Regex ActivatedNew();
}
