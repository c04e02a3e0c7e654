namespace Saliency.Storage.Tests;

/// <summary>
/// Azurite is stopped in the middle of work (one upload half staged, more shard results queued) and restarted:
/// every operation retries and completes, and afterwards each object is present exactly once with its full content.
/// One test, because a disk-backed Azurite takes many seconds to stop and start on this machine.
/// </summary>
public sealed class StorageOutageTests
{
    [Fact]
    public async Task Uploads_during_a_restart_of_the_service_complete_with_nothing_lost_or_duplicated()
    {
        using var azurite = new PrivateAzurite();
        var store = AzureBlobObjectStore.Create(azurite.ConnectionString, "sweep", blockSize: 1024);
        const int shards = 10;
        var expected = Enumerable.Range(0, shards)
            .ToDictionary(i => $"s1/shards/t1/{i:D6}.json", i => Stores.RandomBytes(700 + (i * 97), 100 + i));
        var big = Stores.RandomBytes(6000, 7);
        expected["s1/models/model.bin"] = big;

        // Before the outage: the first shards are committed.
        foreach (var i in Enumerable.Range(0, 4))
        {
            await store.PutBytesAsync($"s1/shards/t1/{i:D6}.json", expected[$"s1/shards/t1/{i:D6}.json"]);
        }

        // An upload with two blocks staged when the service goes away.
        var gated = new GatedStream(big, openBytes: 2048);
        var bigPut = store.PutAsync("s1/models/model.bin", gated);
        await gated.Paused.WaitAsync(TimeSpan.FromSeconds(30));
        azurite.Stop();
        gated.Open();

        // The remaining shards are written while it is down; it comes back after 2 s.
        var restart = Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            azurite.Start();
        });
        var rest = Task.Run(async () =>
        {
            foreach (var i in Enumerable.Range(4, shards - 4))
            {
                await store.PutBytesAsync($"s1/shards/t1/{i:D6}.json", expected[$"s1/shards/t1/{i:D6}.json"]);
            }
        });
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(bigPut.IsCompleted, "the upload cannot have finished while the service was down");

        await restart;
        await Task.WhenAll(bigPut, rest).WaitAsync(TimeSpan.FromSeconds(120));

        var listed = await store.ListAsync("s1/");
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), listed.Select(o => o.Key));
        foreach (var (key, bytes) in expected)
        {
            Assert.Equal(bytes, await store.ReadBytesAsync(key));
        }
    }
}
