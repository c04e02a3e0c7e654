using Saliency.Core;

namespace Saliency.Storage.Tests;

/// <summary>The <c>--storage</c> location syntax and credential handling.</summary>
public sealed class ObjectStoreFactoryTests
{
    private const string Secret = "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=c2VjcmV0LWtleQ==;EndpointSuffix=core.windows.net";

    [Fact]
    public void Azure_location_takes_container_and_prefix_and_the_connection_string_from_the_environment()
    {
        var options = ObjectStoreFactory.Parse("azure://saliency-data/team/a", v => v == "AZURE_STORAGE_CONNECTION_STRING" ? Secret : null);
        Assert.Equal("AzureBlob", options.Provider);
        Assert.Equal("saliency-data", options.Container);
        Assert.Equal("team/a", options.Prefix);
        Assert.Equal(Secret, options.ConnectionString);

        // The Kubernetes variable wins over the generic one.
        var k8s = ObjectStoreFactory.Parse("azure://c01", v => v == "Storage__ConnectionString" ? "k8s" : "generic");
        Assert.Equal("k8s", k8s.ConnectionString);
    }

    [Fact]
    public void Credentials_never_appear_in_descriptions()
    {
        var options = ObjectStoreFactory.Parse("azure://saliency-data", _ => Secret);
        Assert.DoesNotContain("c2VjcmV0LWtleQ", options.ToString(), StringComparison.Ordinal);
        var store = ObjectStoreFactory.Create(options);
        Assert.DoesNotContain("c2VjcmV0LWtleQ", store.Description, StringComparison.Ordinal);
        Assert.Contains("saliency-data", store.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_connection_string_or_a_bad_container_is_a_clear_input_error()
    {
        var missing = Assert.Throws<InputException>(() => ObjectStoreFactory.Parse("azure://saliency-data", _ => null));
        Assert.Contains("AZURE_STORAGE_CONNECTION_STRING", missing.Message, StringComparison.Ordinal);
        var bad = Assert.Throws<InputException>(() => ObjectStoreFactory.Parse("azure://Bad_Name", _ => Secret));
        Assert.Equal("--storage", bad.Field);
    }

    [Fact]
    public void A_plain_path_is_a_local_directory()
    {
        var options = ObjectStoreFactory.Parse("/data/store", _ => Secret);
        Assert.Equal("Local", options.Provider);
        Assert.IsType<LocalDirectoryObjectStore>(ObjectStoreFactory.Create(options));
    }
}
