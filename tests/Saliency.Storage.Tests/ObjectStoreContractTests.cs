namespace Saliency.Storage.Tests;

/// <summary>The <see cref="IObjectStore"/> guarantees, on a local folder and on a real Azurite.</summary>
public sealed class ObjectStoreContractTests
{
    public static TheoryData<StoreKind> Kinds() => [StoreKind.Local, StoreKind.Azure];

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Objects_round_trip_byte_for_byte_across_block_boundaries(StoreKind kind)
    {
        var (store, cleanup) = Stores.Create(kind, blockSize: 1024);
        using var _ = cleanup;
        var payloads = new Dictionary<string, byte[]>
        {
            ["a/empty.bin"] = [],
            ["a/one-block.bin"] = Stores.RandomBytes(1024, 1),
            ["a/b/several-blocks.bin"] = Stores.RandomBytes((10 * 1024) + 17, 2),
        };
        foreach (var (key, bytes) in payloads)
        {
            await store.PutBytesAsync(key, bytes);
        }

        foreach (var (key, bytes) in payloads)
        {
            Assert.Equal(bytes, await store.ReadBytesAsync(key));
        }

        Assert.Null(await store.ReadBytesAsync("a/missing.bin"));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Listing_is_by_prefix_ordered_and_sized_and_a_put_twice_keeps_one_object(StoreKind kind)
    {
        var (store, cleanup) = Stores.Create(kind);
        using var _ = cleanup;
        await store.PutBytesAsync("s1/shards/t2/000001.json", new byte[3]);
        await store.PutBytesAsync("s1/shards/t1/000000.json", new byte[5]);
        await store.PutBytesAsync("s1/shards/t1/000000.json", new byte[5]);
        await store.PutBytesAsync("s2/manifest.json", new byte[7]);

        var listed = await store.ListAsync("s1/");
        Assert.Equal(
            [new StoredObject("s1/shards/t1/000000.json", 5), new StoredObject("s1/shards/t2/000001.json", 3)],
            listed);
        Assert.Equal(3, (await store.ListAsync("")).Count);
        Assert.Empty(await store.ListAsync("s3/"));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Overwrite_replaces_and_delete_removes(StoreKind kind)
    {
        var (store, cleanup) = Stores.Create(kind);
        using var _ = cleanup;
        await store.PutBytesAsync("k.json", "old"u8.ToArray());
        await store.PutBytesAsync("k.json", "new!"u8.ToArray());
        Assert.Equal("new!"u8.ToArray(), await store.ReadBytesAsync("k.json"));
        Assert.True(await store.DeleteAsync("k.json"));
        Assert.False(await store.DeleteAsync("k.json"));
        Assert.Null(await store.ReadBytesAsync("k.json"));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_half_written_object_is_invisible_and_the_old_one_stays_readable_until_commit(StoreKind kind)
    {
        var (store, cleanup) = Stores.Create(kind, blockSize: 1024);
        using var _ = cleanup;
        var old = Stores.RandomBytes(3000, 3);
        var replacement = Stores.RandomBytes(5000, 4);
        await store.PutBytesAsync("shard.bin", old);

        foreach (var (key, expectedWhilePaused) in new[] { ("shard.bin", old), ("fresh.bin", (byte[]?)null) })
        {
            var gated = new GatedStream(replacement, openBytes: 2048);
            var put = store.PutAsync(key, gated);
            await gated.Paused.WaitAsync(TimeSpan.FromSeconds(20));

            // Two blocks (Azure) or 2 KiB of the file (local) are written: readers and listings must not see them.
            Assert.Equal(expectedWhilePaused, await store.ReadBytesAsync(key));
            var listed = (await store.ListAsync("")).Where(o => o.Key == key).ToList();
            Assert.Equal(expectedWhilePaused is null ? 0 : 1, listed.Count);
            Assert.All(listed, o => Assert.Equal(old.Length, o.Size));

            gated.Open();
            await put.WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Equal(replacement, await store.ReadBytesAsync(key));
        }

        Assert.Equal(["fresh.bin", "shard.bin"], (await store.ListAsync("")).Select(o => o.Key));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Concurrent_readers_only_ever_see_complete_versions(StoreKind kind)
    {
        var (store, cleanup) = Stores.Create(kind, blockSize: 4096);
        using var _ = cleanup;
        const int size = 40 * 1024;
        static byte[] Version(byte v) => Enumerable.Repeat(v, size).ToArray();
        await store.PutBytesAsync("hot.bin", Version(0));

        using var stop = new CancellationTokenSource();
        var reads = 0;
        var reader = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var seen = await store.ReadBytesAsync("hot.bin");
                Assert.NotNull(seen);
                Assert.Equal(size, seen.Length);
                Assert.True(seen.All(b => b == seen[0]), "a read mixed two versions");
                reads++;
            }
        });
        for (byte v = 1; v <= 12; v++)
        {
            await store.PutBytesAsync("hot.bin", Version(v));
        }

        await stop.CancelAsync();
        await reader;
        Assert.True(reads > 0);
        Assert.Equal(Version(12), await store.ReadBytesAsync("hot.bin"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/abs")]
    [InlineData("a//b")]
    [InlineData("a/../b")]
    [InlineData("a/.tmp-x")]
    [InlineData("sp ace")]
    public async Task Invalid_keys_are_refused_naming_the_key(string key)
    {
        using var dir = new Saliency.TestFixtures.TempDir();
        var e = await Assert.ThrowsAsync<Saliency.Core.InputException>(() => new LocalDirectoryObjectStore(dir.Path).PutBytesAsync(key, new byte[1]));
        Assert.Contains($"'{key}'", e.Message, StringComparison.Ordinal);
    }
}
