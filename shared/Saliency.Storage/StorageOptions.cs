namespace Saliency.Storage;

/// <summary>
/// Where a silo or the CLI keeps data sets, models, sweep specs and results (configuration section <c>Storage</c>;
/// in Kubernetes from the ConfigMap <c>saliency-silo</c> and the Secret <c>saliency-storage</c>).
/// <see cref="ToString"/> never shows the connection string.
/// </summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary><c>Local</c> (a directory, the embedded default) or <c>AzureBlob</c>.</summary>
    public string Provider { get; set; } = "Local";

    /// <summary>Root folder for <c>Local</c>.</summary>
    public string Directory { get; set; } = "storage";

    /// <summary>Blob container for <c>AzureBlob</c>.</summary>
    public string Container { get; set; } = "saliency";

    /// <summary>Blob name prefix for <c>AzureBlob</c> (empty: the container's root).</summary>
    public string Prefix { get; set; } = "";

    /// <summary>Azure Storage connection string for <c>AzureBlob</c> (from a secret or the environment only).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// How <c>AzureBlob</c> authenticates: <c>ConnectionString</c> (the default; Azurite, dev) or
    /// <c>DefaultAzureCredential</c> (a Microsoft Entra identity: workload identity on AKS, managed identity, az login;
    /// no key anywhere) on <see cref="ServiceUri"/>.
    /// </summary>
    public string Authentication { get; set; } = ConnectionStringAuthentication;

    /// <summary>The account's blob endpoint for <c>DefaultAzureCredential</c>: <c>https://ACCOUNT.blob.core.windows.net</c>.</summary>
    public string? ServiceUri { get; set; }

    public const string ConnectionStringAuthentication = "ConnectionString";

    public const string DefaultAzureCredentialAuthentication = "DefaultAzureCredential";

    /// <summary>Local folder where silos cache downloaded objects (data shards, models).</summary>
    public string CacheDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "saliency-cache");

    public override string ToString() =>
        Provider.Equals("AzureBlob", StringComparison.OrdinalIgnoreCase)
            ? Authentication.Equals(DefaultAzureCredentialAuthentication, StringComparison.OrdinalIgnoreCase)
                ? $"AzureBlob container={Container} prefix={Prefix} service={ServiceUri ?? "(missing)"} credential=DefaultAzureCredential"
                : $"AzureBlob container={Container} prefix={Prefix} connection-string={(string.IsNullOrEmpty(ConnectionString) ? "(missing)" : "(set)")}"
            : $"Local directory={Directory}";
}
