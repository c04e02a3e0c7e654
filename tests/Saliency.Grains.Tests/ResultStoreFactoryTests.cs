using Saliency.Core;
using Saliency.Grains.Storage;
using Saliency.Storage;
using Saliency.TestFixtures;

namespace Saliency.Grains.Tests;

public class ResultStoreFactoryTests
{
    private static IObjectStore NoStorage() => throw new InvalidOperationException("the silo's storage must not be opened");

    [Fact]
    public void Without_a_storage_setting_results_go_to_the_local_directory()
    {
        using var dir = new TempDir();
        var store = Assert.IsType<ObjectStoreResultStore>(ResultStoreFactory.Create(new ResultStoreOptions { Directory = dir.Path }, NoStorage));
        Assert.Equal(("", $"directory {dir.Path} ()"), (store.Prefix, store.Description));
    }

    [Fact]
    public async Task Store_prefix_uses_the_silos_configured_storage_under_that_prefix()
    {
        using var dir = new TempDir();
        var silo = new LocalDirectoryObjectStore(dir.Path);
        var store = Assert.IsType<ObjectStoreResultStore>(ResultStoreFactory.Create(new ResultStoreOptions { Storage = "store:results/prod" }, () => silo));
        Assert.Equal("results/prod/", store.Prefix);
        await store.WriteShardAsync(new Contracts.ShardResult(new Contracts.ShardKey("s", "t", 3), [], "Silo_1", "cpu", 1, 0.1));
        Assert.Equal(["results/prod/s/shards/t/000003.json"], (await silo.ListAsync("")).Select(o => o.Key));
    }

    [Fact]
    public void An_azure_location_takes_its_connection_string_from_the_environment_only()
    {
        var env = new Dictionary<string, string?> { ["AZURE_STORAGE_CONNECTION_STRING"] = AzuriteService.ConnectionString(10000) };
        var store = Assert.IsType<ObjectStoreResultStore>(ResultStoreFactory.Create(new ResultStoreOptions { Storage = "azure://results-c/run1" }, NoStorage, n => env.GetValueOrDefault(n)));
        Assert.Contains("results-c/run1/", store.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("AccountKey", store.Description, StringComparison.Ordinal);

        var e = Assert.Throws<InputException>(() => ResultStoreFactory.Create(new ResultStoreOptions { Storage = "azure://results-c" }, NoStorage, _ => null));
        Assert.Contains("Storage__ConnectionString", e.Message, StringComparison.Ordinal);
    }
}
