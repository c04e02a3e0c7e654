using Azure.Core;
using Saliency.Core;

namespace Saliency.Storage.Tests;

/// <summary>
/// Blob storage as a Microsoft Entra identity (Storage:Authentication=DefaultAzureCredential, workload identity on
/// AKS) instead of a connection string, chosen by configuration.
/// </summary>
public sealed class AzureIdentityStorageTests
{
    [Fact]
    public async Task The_identity_setting_makes_the_store_ask_the_credential_for_a_storage_token_on_the_service_uri()
    {
        // A port nothing listens on: the request fails, but only after the bearer-token policy asked for a token.
        var port = FreePort();
        var credential = new RecordingCredential();
        var options = ObjectStoreFactory.Parse("azure://saliency/runs", name => name switch
        {
            "Storage__Authentication" => "DefaultAzureCredential",
            "Storage__ServiceUri" => $"https://127.0.0.1:{port}",
            _ => null,
        });
        Assert.Equal(StorageOptions.DefaultAzureCredentialAuthentication, options.Authentication);
        Assert.Null(options.ConnectionString);
        var store = ObjectStoreFactory.CreateAzure(options, credential);
        Assert.Equal($"azure blob https://127.0.0.1:{port}/saliency/runs/", store.Description);
        Assert.Contains("credential=DefaultAzureCredential", options.ToString(), StringComparison.Ordinal);

        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        await Assert.ThrowsAnyAsync<Exception>(() => store.ListAsync("x/", cancel.Token));
        Assert.Contains("https://storage.azure.com/.default", credential.Scopes);
    }

    [Fact]
    public void Without_a_service_uri_or_with_an_unknown_method_the_error_names_the_setting()
    {
        var missing = Assert.Throws<InputException>(() => ObjectStoreFactory.Create(new StorageOptions { Provider = "AzureBlob", Authentication = "DefaultAzureCredential" }));
        Assert.Contains("Storage:ServiceUri", missing.Message, StringComparison.Ordinal);
        var plainHttp = Assert.Throws<InputException>(() => ObjectStoreFactory.Create(new StorageOptions { Provider = "AzureBlob", Authentication = "DefaultAzureCredential", ServiceUri = "http://account.blob.core.windows.net" }));
        Assert.Contains("https", plainHttp.Message, StringComparison.Ordinal);
        var unknown = Assert.Throws<InputException>(() => ObjectStoreFactory.Create(new StorageOptions { Provider = "AzureBlob", Authentication = "SharedKey" }));
        Assert.Contains("Storage:Authentication", unknown.Message + unknown.Field, StringComparison.Ordinal);

        // The default stays the connection string (Azurite, dev).
        Assert.Equal(StorageOptions.ConnectionStringAuthentication, new StorageOptions().Authentication);
    }

    private static int FreePort()
    {
        using var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        return ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
    }

    private sealed class RecordingCredential : TokenCredential
    {
        public List<string> Scopes { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            lock (Scopes)
            {
                Scopes.AddRange(requestContext.Scopes);
            }

            return new AccessToken("test-token", DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(GetToken(requestContext, cancellationToken));
    }
}
