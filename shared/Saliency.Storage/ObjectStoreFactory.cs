using Saliency.Core;

namespace Saliency.Storage;

/// <summary>
/// Builds a store from <see cref="StorageOptions"/> or from a <c>--storage</c> location: a folder path (local) or
/// <c>azure://CONTAINER[/PREFIX]</c>, whose connection string comes from the environment variable
/// <c>Storage__ConnectionString</c> (as Kubernetes sets it from the Secret) or <c>AZURE_STORAGE_CONNECTION_STRING</c>.
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
            "azureblob" => AzureBlobObjectStore.Create(
                string.IsNullOrWhiteSpace(options.ConnectionString)
                    ? throw new InputException("the AzureBlob storage provider needs a connection string (Storage__ConnectionString)", field: "Storage:ConnectionString")
                    : options.ConnectionString,
                options.Container, options.Prefix),
            _ => throw new InputException($"unknown storage provider '{options.Provider}' (Local or AzureBlob)", field: "Storage:Provider"),
        };

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

        var connection = ConnectionStringVariables.Select(environment).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))
            ?? throw new InputException(
                $"{location} needs a connection string in {string.Join(" or ", ConnectionStringVariables)}", field: "--storage");
        return new StorageOptions { Provider = "AzureBlob", Container = container, Prefix = prefix, ConnectionString = connection };
    }
}
