using Saliency.Core;
using Saliency.TestFixtures;

namespace Saliency.Storage.Tests;

/// <summary><c>data push/pull</c> of the real Severstal sample folder through Azurite and a local store.</summary>
public sealed class DatasetTransferTests
{
    public static TheoryData<StoreKind> Kinds() => [StoreKind.Local, StoreKind.Azure];

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Push_then_pull_reproduces_every_file_of_the_real_sample(StoreKind kind)
    {
        var (store, cleanup) = Stores.Create(kind);
        using var _ = cleanup;
        using var target = new TempDir();
        var source = DataPaths.SeverstalSample;

        var pushed = await DatasetTransfer.PushAsync(store, source, "severstal-sample");
        var pulled = Path.Combine(target.Path, "copy");
        await DatasetTransfer.PullAsync(store, "severstal-sample", pulled);

        var sourceFiles = Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(source, f)).Order(StringComparer.Ordinal).ToList();
        Assert.True(sourceFiles.Count >= 21, "expected 20 images and train.csv");
        Assert.Equal(sourceFiles, pushed.Files.Select(f => f.Path));
        Assert.Equal(sourceFiles, Directory.EnumerateFiles(pulled, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(pulled, f)).Order(StringComparer.Ordinal));
        foreach (var file in sourceFiles)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(source, file)), File.ReadAllBytes(Path.Combine(pulled, file)));
        }
    }

    [Fact]
    public async Task A_tampered_file_fails_the_pull_and_leaves_no_destination()
    {
        using var dir = new TempDir();
        var store = new LocalDirectoryObjectStore(dir.File("store"));
        Directory.CreateDirectory(dir.File("src"));
        File.WriteAllText(dir.File("src/a.txt"), "alpha");
        File.WriteAllText(dir.File("src/b.txt"), "beta");
        await DatasetTransfer.PushAsync(store, dir.File("src"), "d1");
        await store.PutBytesAsync(DatasetTransfer.FileKey("d1", "b.txt"), "BETA"u8.ToArray());

        var e = await Assert.ThrowsAsync<InputException>(() => DatasetTransfer.PullAsync(store, "d1", dir.File("out")));
        Assert.Contains("b.txt", e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("out")));
        Assert.Empty(Directory.EnumerateDirectories(dir.Path, ".tmp-*"));
    }

    [Fact]
    public async Task A_data_set_without_its_manifest_is_incomplete_and_cannot_be_pulled()
    {
        using var dir = new TempDir();
        var store = new LocalDirectoryObjectStore(dir.File("store"));
        await store.PutBytesAsync(DatasetTransfer.FileKey("half", "a.txt"), "x"u8.ToArray());
        var e = await Assert.ThrowsAsync<InputException>(() => DatasetTransfer.PullAsync(store, "half", dir.File("out")));
        Assert.Contains("no complete data set 'half'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cache_downloads_each_object_once_even_when_asked_concurrently()
    {
        using var dir = new TempDir();
        var store = new LocalDirectoryObjectStore(dir.File("store"));
        await store.PutBytesAsync("datasets/d/files/shard-0.bin", Stores.RandomBytes(100_000, 9));
        var cache = new ObjectCache(store, dir.File("cache"));

        var paths = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => cache.GetLocalPathAsync("datasets/d/files/shard-0.bin")));
        var again = await cache.GetLocalPathAsync("datasets/d/files/shard-0.bin");

        Assert.Single(paths.Append(again).Distinct());
        Assert.Equal(1, cache.Downloads);
        Assert.Equal(Stores.RandomBytes(100_000, 9), File.ReadAllBytes(again));
        await Assert.ThrowsAsync<FileNotFoundException>(() => cache.GetLocalPathAsync("datasets/d/files/missing.bin"));
    }
}
