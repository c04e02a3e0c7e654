using System.CommandLine;
using Saliency.Storage;

namespace Saliency.Cli.Commands;

/// <summary>
/// The shared <c>--storage LOCATION</c> option: a folder, or <c>azure://CONTAINER[/PREFIX]</c> with the connection
/// string in <c>Storage__ConnectionString</c> or <c>AZURE_STORAGE_CONNECTION_STRING</c> (never on the command line,
/// never printed). Default: <c>$SALIENCY_STORAGE</c>, else the folder <c>storage</c>.
/// </summary>
internal static class StorageOption
{
    public const string DefaultVariable = "SALIENCY_STORAGE";

    public static Option<string> Create() => new("--storage")
    {
        Description = "Storage: a folder or azure://CONTAINER[/PREFIX] (connection string from Storage__ConnectionString " +
            "or AZURE_STORAGE_CONNECTION_STRING); default $SALIENCY_STORAGE or ./storage",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(DefaultVariable) is { Length: > 0 } v ? v : "storage",
    };

    public static IObjectStore Open(string location) => ObjectStoreFactory.Create(ObjectStoreFactory.Parse(location));
}
