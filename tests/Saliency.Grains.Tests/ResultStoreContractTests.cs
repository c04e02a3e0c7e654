using Saliency.Contracts;
using Saliency.Grains.Storage;
using Saliency.Storage;
using Saliency.TestFixtures;

namespace Saliency.Grains.Tests;

/// <summary>The result stores every contract test runs against.</summary>
public enum ResultStoreKind
{
    /// <summary><see cref="ObjectStoreResultStore"/> over a <see cref="LocalDirectoryObjectStore"/> at a folder's root (the default local store).</summary>
    LocalDirectory,

    /// <summary><see cref="ObjectStoreResultStore"/> over a <see cref="LocalDirectoryObjectStore"/>, under a prefix.</summary>
    ObjectStoreOnFolder,

    /// <summary><see cref="ObjectStoreResultStore"/> over the shared Azurite (fresh container, prefix <c>results</c>).</summary>
    Azure,
}

public class ResultStoreContractTests
{
    public static TheoryData<ResultStoreKind> Kinds => new(Enum.GetValues<ResultStoreKind>());

    private static ShardResult Shard(string trial, int index, double distance, string sweep = "sw-1") =>
        new(new ShardKey(sweep, trial, index),
            [new SampleResult(index, "V", SampleOutcome.Done, [new NormalisationScore("All-100", distance, double.NaN)], 0.5, 1, 1, null, "img.jpg", "3")],
            "Silo_1", "cuda:0", 2, 1.5);

    private static SweepManifest Manifest(SweepSpec spec) =>
        new(spec, [1, 2, 5], SweepState.Running, "msg", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddSeconds(3));

    /// <summary>A store of <paramref name="kind"/>, and the local folder that holds it (null for Azure).</summary>
    private static (IResultStore Store, string? Folder) Create(ResultStoreKind kind, TempDir dir) => kind switch
    {
        ResultStoreKind.LocalDirectory => (new ObjectStoreResultStore(new LocalDirectoryObjectStore(dir.Path)), dir.Path),
        ResultStoreKind.ObjectStoreOnFolder => (new ObjectStoreResultStore(new LocalDirectoryObjectStore(dir.Path), "results"), Path.Combine(dir.Path, "results")),
        _ => (new ObjectStoreResultStore(AzuriteService.SharedStore(), "results"), null),
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Shards_round_trip_including_nan_scores_and_list_in_order(ResultStoreKind kind)
    {
        using var dir = new TempDir();
        var (store, folder) = Create(kind, dir);
        await store.WriteShardAsync(Shard("tb", 0, 0.5));
        await store.WriteShardAsync(Shard("ta", 10, 0.25));
        await store.WriteShardAsync(Shard("ta", 2, 0.125));
        await store.WriteShardAsync(Shard("ta", 3, 0.5, sweep: "sw-10")); // a sweep whose id extends sw-1's

        var keys = await store.ListShardsAsync("sw-1");
        Assert.Equal([("ta", 2), ("ta", 10), ("tb", 0)], keys.Select(k => (k.TrialId, k.Index)));
        Assert.Equal([2, 10], (await store.ReadShardsAsync("sw-1", "ta")).Select(r => r.Key.Index));
        var back = await store.ReadShardAsync(new ShardKey("sw-1", "ta", 10));
        Assert.NotNull(back);
        var sample = Assert.Single(back.Samples);
        Assert.Equal(0.25, sample.Scores[0].Distance);
        Assert.True(double.IsNaN(sample.Scores[0].Energy));
        Assert.Equal(("img.jpg", "3", "cuda:0", 2, "Silo_1"), (sample.SourceId, sample.Label, back.Device, back.Attempt, back.Silo));
        if (folder is not null)
        {
            Assert.True(File.Exists(Path.Combine(folder, "sw-1", "shards", "ta", "000010.json")));
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Manifests_round_trip_and_sweeps_list_in_order(ResultStoreKind kind)
    {
        using var dir = new TempDir();
        var (store, _) = Create(kind, dir);
        var (zeta, alpha) = (SweepSpecs.Small("zeta"), SweepSpecs.Small("alpha"));
        await store.WriteManifestAsync(Manifest(zeta));
        await store.WriteManifestAsync(Manifest(alpha));
        await store.WriteShardAsync(Shard("ta", 0, 0.5, sweep: "no-manifest"));

        Assert.Equal(new[] { alpha.SweepId, zeta.SweepId }.Order(StringComparer.Ordinal), await store.ListSweepsAsync());
        var back = await store.ReadManifestAsync(alpha.SweepId);
        Assert.NotNull(back);
        Assert.Equal(alpha.ContentHash, back.Spec.ContentHash);
        Assert.Equal([1, 2, 5], back.Samples);
        Assert.Equal((SweepState.Running, "msg"), (back.State, back.Message));
        Assert.Equal(DateTimeOffset.UnixEpoch.AddSeconds(3), back.Updated);

        await store.WriteManifestAsync(back with { State = SweepState.Completed });
        Assert.Equal(SweepState.Completed, (await store.ReadManifestAsync(alpha.SweepId))!.State);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Rewriting_a_shard_concurrently_keeps_one_complete_result(ResultStoreKind kind)
    {
        using var dir = new TempDir();
        var (store, folder) = Create(kind, dir);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => store.WriteShardAsync(Shard("ta", 1, 0.75))));
        if (folder is not null)
        {
            // A writer that died mid-write leaves a temporary file: readers ignore it.
            File.WriteAllText(Path.Combine(folder, "sw-1", "shards", "ta", ".tmp-partial"), "{ \"key\": ");
            Assert.Equal(["000001.json"], Directory.GetFiles(Path.Combine(folder, "sw-1", "shards", "ta")).Select(Path.GetFileName).Where(n => !n!.StartsWith('.')));
        }

        Assert.Single(await store.ListShardsAsync("sw-1"));
        Assert.Equal(0.75, (await store.ReadShardAsync(new ShardKey("sw-1", "ta", 1)))!.Samples[0].Scores[0].Distance);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Unknown_sweeps_and_shards_read_as_absent(ResultStoreKind kind)
    {
        using var dir = new TempDir();
        var (store, _) = kind == ResultStoreKind.LocalDirectory
            ? (new ObjectStoreResultStore(new LocalDirectoryObjectStore(Path.Combine(dir.Path, "not-yet-created"))), null)
            : Create(kind, dir);
        Assert.Null(await store.ReadManifestAsync("nope"));
        Assert.Null(await store.ReadShardAsync(new ShardKey("nope", "t", 0)));
        Assert.Empty(await store.ListSweepsAsync());
        Assert.Empty(await store.ListShardsAsync("nope"));
        Assert.Null(await store.ReadArtifactAsync("nope", SweepArtifacts.Table1));
        Assert.Empty(await store.ListArtifactsAsync("nope"));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Artifacts_round_trip_and_list_by_prefix_apart_from_the_shards(ResultStoreKind kind)
    {
        using var dir = new TempDir();
        var (store, folder) = Create(kind, dir);
        byte[] map = [1, 2, 3, 255];
        await store.WriteArtifactAsync("sw-1", SweepArtifacts.Map(12, "t0123456789ab"), map);
        await store.WriteArtifactAsync("sw-1", SweepArtifacts.SampleFolder(12) + SweepArtifacts.Image, new byte[] { 9 });
        await store.WriteArtifactAsync("sw-1", SweepArtifacts.Table1, "{}"u8.ToArray());
        await store.WriteShardAsync(Shard("ta", 0, 0.5));

        Assert.Equal(map, await store.ReadArtifactAsync("sw-1", "maps/12/t0123456789ab.npy"));
        Assert.Equal(["maps/12/image.png", "maps/12/t0123456789ab.npy"], await store.ListArtifactsAsync("sw-1", SweepArtifacts.MapsFolder));
        Assert.Equal(3, (await store.ListArtifactsAsync("sw-1")).Count);
        Assert.Single(await store.ListShardsAsync("sw-1"));
        Assert.Equal((12, "image.png"), SweepArtifacts.ParseMapFile("maps/12/image.png"));
        if (folder is not null)
        {
            Assert.True(File.Exists(Path.Combine(folder, "sw-1", "artifacts", "maps", "12", "t0123456789ab.npy")));
        }

        await Assert.ThrowsAsync<ArgumentException>(() => store.WriteArtifactAsync("sw-1", "../escape", map));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Invalid_names_are_rejected(ResultStoreKind kind)
    {
        using var dir = new TempDir();
        var (store, _) = Create(kind, dir);
        await Assert.ThrowsAsync<ArgumentException>(() => store.WriteShardAsync(Shard("../x", 0, 0.5)));
        await Assert.ThrowsAsync<ArgumentException>(() => store.ReadManifestAsync(".hidden"));
    }
}
