using Saliency.Core;

namespace Saliency.Storage;

/// <summary>
/// Builds a store from <see cref="StorageOptions"/> or from a <c>--storage</c> location: a folder path (local) or
/// <c>azure://CONTAINER[/PREFIX]</c>, whose connection string comes from the environment variable
/// <c>Storage__ConnectionString</c> (as Kubernetes sets it from the Secret) or <c>AZURE_STORAGE_CONNECTION_STRING</c>,
/// or, with <c>Storage__Authentication=DefaultAzureCredential</c>, a Microsoft Entra identity on <c>Storage__ServiceUri</c>.
/// </summary>
public static class ObjectStoreFactory
{
    public const string AzureScheme = "azure://";

    /// <summary>Environment variables read for the connection string, in order.</summary>
    public static IReadOnlyList<string> ConnectionStringVariables { get; } = ["Storage__ConnectionString", "AZURE_STORAGE_CONNECTION_STRING"];

    public static IObjectStore Create(StorageOptions options) =>
        options.Provider.ToLowerInvariant() switch
        {
            "local" => new LocalDirectoryObjectStore(options.Directory),
            "azureblob" => CreateAzure(options),
            _ => throw new InputException($"unknown storage provider '{options.Provider}' (Local or AzureBlob)", field: "Storage:Provider"),
        };

    /// <summary>Azure Blob with a connection string (default) or, when <c>Storage:Authentication=DefaultAzureCredential</c>, as a Microsoft Entra identity.</summary>
    public static AzureBlobObjectStore CreateAzure(StorageOptions options, Azure.Core.TokenCredential? credential = null)
    {
        if (options.Authentication.Equals(StorageOptions.DefaultAzureCredentialAuthentication, StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(options.ServiceUri, UriKind.Absolute, out var service) || service.Scheme != Uri.UriSchemeHttps)
            {
                throw new InputException(
                    $"Storage:Authentication=DefaultAzureCredential needs the account's blob endpoint as an https URL in Storage:ServiceUri (Storage__ServiceUri), got '{options.ServiceUri}'",
                    field: "Storage:ServiceUri");
            }

            return AzureBlobObjectStore.Create(service, credential ?? new Azure.Identity.DefaultAzureCredential(), options.Container, options.Prefix);
        }

        if (!options.Authentication.Equals(StorageOptions.ConnectionStringAuthentication, StringComparison.OrdinalIgnoreCase))
        {
            throw new InputException($"unknown storage authentication '{options.Authentication}' (ConnectionString or DefaultAzureCredential)", field: "Storage:Authentication");
        }

        return AzureBlobObjectStore.Create(
            string.IsNullOrWhiteSpace(options.ConnectionString)
                ? throw new InputException("the AzureBlob storage provider needs a connection string (Storage__ConnectionString)", field: "Storage:ConnectionString")
                : options.ConnectionString,
            options.Container, options.Prefix);
    }

    /// <summary>Parses a <c>--storage</c> value; <paramref name="environment"/> reads variables (tests pass their own).</summary>
    public static StorageOptions Parse(string location, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (!location.StartsWith(AzureScheme, StringComparison.OrdinalIgnoreCase))
        {
            return new StorageOptions { Provider = "Local", Directory = location };
        }

        var path = location[AzureScheme.Length..].Trim('/');
        var slash = path.IndexOf('/');
        var container = slash < 0 ? path : path[..slash];
        var prefix = slash < 0 ? "" : path[(slash + 1)..];
        if (container.Length is < 3 or > 63 || !container.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            throw new InputException($"'{container}' is not a valid blob container name (3-63 of a-z, 0-9, -)", field: "--storage");
        }

        if (prefix.Length > 0 && !ObjectKey.IsValid(prefix))
        {
            throw new InputException($"'{prefix}' is not a valid blob prefix", field: "--storage");
        }

        if (environment("Storage__Authentication") is { } auth
            && auth.Equals(StorageOptions.DefaultAzureCredentialAuthentication, StringComparison.OrdinalIgnoreCase))
        {
            return new StorageOptions
            {
                Provider = "AzureBlob", Container = container, Prefix = prefix,
                Authentication = StorageOptions.DefaultAzureCredentialAuthentication, ServiceUri = environment("Storage__ServiceUri"),
            };
        }

        var connection = ConnectionStringVariables.Select(environment).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))
            ?? throw new InputException(
                $"{location} needs a connection string in {string.Join(" or ", ConnectionStringVariables)}", field: "--storage");
        return new StorageOptions { Provider = "AzureBlob", Container = container, Prefix = prefix, ConnectionString = connection };
    }
}
