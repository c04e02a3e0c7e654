using Microsoft.Extensions.DependencyInjection;
using Saliency.Contracts;
using Saliency.Silo.Hosting;
using Saliency.Storage;
using Saliency.Sweeps;
using Saliency.TestFixtures;

namespace Saliency.Grains.Tests;

/// <summary>
/// Sweeps whose data set, model and samples file live in Azure Blob Storage (the shared Azurite) as
/// <c>store:KEY</c> references: the silo downloads each object once into its cache folder and reuses it for every
/// shard and every later sweep, and the scores equal those of the same sweep over the local files.
/// </summary>
public class StoreReferenceSweepTests
{
    [Fact]
    public async Task Data_and_model_in_object_storage_are_downloaded_once_per_silo_and_give_the_local_files_scores()
    {
        using var dir = new TempDir();
        var data = EngineSweepTests.WritePatchSet(dir.File("tiny.patches"));
        var model = EngineSweepTests.WriteModel(dir.File("model.safetensors"));
        File.WriteAllText(dir.File("samples.txt"), "0\n1\n3\n4\n");
        var azurite = AzuriteService.SharedStore(); // a fresh container
        var keys = new Dictionary<string, string>
        {
            [data] = "datasets/tiny/files/tiny.patches",
            [model] = "models/tiny/model.safetensors",
            [dir.File("samples.txt")] = "datasets/tiny/samples.txt",
        };
        foreach (var (file, key) in keys)
        {
            await using var content = File.OpenRead(file);
            await azurite.PutAsync(key, content);
        }

        var store = new TimedObjectStore(azurite);
        var cache = dir.File("cache");
        await using var cluster = await EmbeddedCluster.StartAsync(
            o =>
            {
                o.Executor.Evaluator = "engine";
                o.Results.Directory = dir.File("results");
                o.Storage.CacheDirectory = cache;
            },
            services => services.AddSingleton<IObjectStore>(store));

        // Two sweeps over the store (different methods, two shards each), then the same over the local files.
        var fromStore = new List<SweepSpec>();
        foreach (var method in new[] { "VanillaGrad", "GradCAM" })
        {
            var spec = Spec($"store-{method}", "store:" + keys[data], "store:" + keys[model], "store:" + keys[dir.File("samples.txt")], method, dir.Path);
            fromStore.Add(spec);
            await RunToCompletion(cluster, spec);
        }

        Assert.Equal(keys.Values.Order(StringComparer.Ordinal), store.Downloads.Keys.Order(StringComparer.Ordinal));
        Assert.All(store.Downloads, d => Assert.Equal(1, d.Value));
        foreach (var (file, key) in keys)
        {
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(cache, key)));
        }

        var local = Spec("local-GradCAM", data, model, dir.File("samples.txt"), "GradCAM", dir.Path);
        await RunToCompletion(cluster, local);
        var expected = await Samples(cluster, local);
        var actual = await Samples(cluster, fromStore[1]);
        Assert.Equal([0, 1, 3, 4], actual.Select(s => s.SampleIndex));
        Assert.Equal(expected.Select(s => s.SampleIndex), actual.Select(s => s.SampleIndex));
        foreach (var pair in expected.Zip(actual))
        {
            Assert.Equal(pair.First.Scores.Select(s => (s.Normalisation, s.Distance, s.Energy)), pair.Second.Scores.Select(s => (s.Normalisation, s.Distance, s.Energy)));
        }
    }

    [Fact]
    public async Task A_missing_object_fails_the_sweep_naming_the_reference()
    {
        using var dir = new TempDir();
        await using var cluster = await EmbeddedCluster.StartAsync(
            o =>
            {
                o.Executor.Evaluator = "engine";
                o.Results.Directory = dir.File("results");
                o.Storage.CacheDirectory = dir.File("cache");
            },
            services => services.AddSingleton<IObjectStore>(new LocalDirectoryObjectStore(dir.File("storage"))));
        var spec = Spec("missing", "store:datasets/none/p.patches", "store:models/none/m.safetensors", "store:datasets/none/samples.txt", "GradCAM", dir.Path);
        var sweep = cluster.Client.GetGrain<ISweepGrain>(spec.SweepId);
        await sweep.Submit(spec);
        var status = await SweepSpecs.WaitFinished(sweep, TimeSpan.FromSeconds(60));
        Assert.Equal(SweepState.Failed, status.State);
        Assert.Contains("store:datasets/none/samples.txt", status.Message, StringComparison.Ordinal);
    }

    private static SweepSpec Spec(string name, string data, string model, string samples, string method, string baseDirectory) =>
        SweepFile.Parse($$"""
            name: {{name}}
            data: {{data}}
            model: {{model}}
            samples: { file: {{samples}} }
            normalisations: [All-100, Abs-99]
            shard_size: 2
            methods:
              - method: {{method}}
            """, name + ".yaml", baseDirectory);

    private static async Task RunToCompletion(EmbeddedCluster cluster, SweepSpec spec)
    {
        var sweep = cluster.Client.GetGrain<ISweepGrain>(spec.SweepId);
        await sweep.Submit(spec);
        var status = await SweepSpecs.WaitFinished(sweep, TimeSpan.FromSeconds(120));
        Assert.True(status.State == SweepState.Completed, status.Message + string.Join(";", status.FailedShards.Select(f => f.Error)));
    }

    private static async Task<List<SampleResult>> Samples(EmbeddedCluster cluster, SweepSpec spec) =>
        (await cluster.Client.GetGrain<ISweepGrain>(spec.SweepId).GetShardResults(spec.Trials[0].TrialId))
            .SelectMany(s => s.Samples).OrderBy(s => s.SampleIndex).ToList();
}
