using Saliency.Contracts;
using Saliency.Grains.Storage;
using Saliency.TestFixtures;

namespace Saliency.Grains.Tests;

public class LocalDirectoryResultStoreTests
{
    private static ShardResult Shard(string trial, int index, double distance) =>
        new(new ShardKey("sw-1", trial, index),
            [new SampleResult(index, "V", SampleOutcome.Done, [new NormalisationScore("All-100", distance, double.NaN)], 0.5, 1, 1, null, "img.jpg", "3")],
            "Silo_1", "cuda:0", 2, 1.5);

    [Fact]
    public async Task Shards_round_trip_including_nan_scores_and_list_in_order()
    {
        using var dir = new TempDir();
        var store = new LocalDirectoryResultStore(dir.Path);
        await store.WriteShardAsync(Shard("tb", 0, 0.5));
        await store.WriteShardAsync(Shard("ta", 10, 0.25));
        await store.WriteShardAsync(Shard("ta", 2, 0.125));

        var keys = await store.ListShardsAsync("sw-1");
        Assert.Equal([("ta", 2), ("ta", 10), ("tb", 0)], keys.Select(k => (k.TrialId, k.Index)));
        var back = await store.ReadShardAsync(new ShardKey("sw-1", "ta", 10));
        Assert.NotNull(back);
        var sample = Assert.Single(back.Samples);
        Assert.Equal(0.25, sample.Scores[0].Distance);
        Assert.True(double.IsNaN(sample.Scores[0].Energy));
        Assert.Equal(("img.jpg", "3", "cuda:0", 2), (sample.SourceId, sample.Label, back.Device, back.Attempt));
        Assert.True(File.Exists(Path.Combine(dir.Path, "sw-1", "shards", "ta", "000010.json")));
    }

    [Fact]
    public async Task Rewriting_a_shard_keeps_one_complete_file_and_ignores_temporary_files()
    {
        using var dir = new TempDir();
        var store = new LocalDirectoryResultStore(dir.Path);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => store.WriteShardAsync(Shard("ta", 1, 0.75))));
        var folder = Path.Combine(dir.Path, "sw-1", "shards", "ta");
        File.WriteAllText(Path.Combine(folder, ".tmp-partial"), "{ \"key\": ");

        Assert.Single(await store.ListShardsAsync("sw-1"));
        Assert.Equal(["000001.json"], Directory.GetFiles(folder, "*.json").Select(Path.GetFileName));
        Assert.Equal(0.75, (await store.ReadShardAsync(new ShardKey("sw-1", "ta", 1)))!.Samples[0].Scores[0].Distance);
    }

    [Fact]
    public async Task Unknown_sweeps_and_shards_read_as_absent()
    {
        using var dir = new TempDir();
        var store = new LocalDirectoryResultStore(Path.Combine(dir.Path, "not-yet-created"));
        Assert.Null(await store.ReadManifestAsync("nope"));
        Assert.Null(await store.ReadShardAsync(new ShardKey("nope", "t", 0)));
        Assert.Empty(await store.ListSweepsAsync());
        Assert.Empty(await store.ListShardsAsync("nope"));
    }
}
