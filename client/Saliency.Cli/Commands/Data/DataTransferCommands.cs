using System.CommandLine;
using Saliency.Storage;

namespace Saliency.Cli.Commands.Data;

/// <summary>
/// <c>saliency data push FOLDER [--name NAME] [--storage LOCATION]</c> and
/// <c>saliency data pull NAME --to FOLDER [--storage LOCATION]</c>: copy a data set (or model) folder to the
/// cluster's storage and back. A push writes the files, then a manifest (sizes, SHA-256); a pull needs the manifest,
/// verifies every file and only then moves the folder into place (see <see cref="DatasetTransfer"/>).
/// </summary>
internal static class DataTransferCommands
{
    public static Command Push()
    {
        var folder = new Argument<DirectoryInfo>("folder") { Description = "Folder to upload (every file below it)" };
        var name = new Option<string?>("--name") { Description = "Data set name in storage (default: the folder's name)" };
        var storage = StorageOption.Create();
        var cmd = new Command("push", "Upload a data set or model folder to storage.") { folder, name, storage };
        cmd.SetAction((parse, ct) => RunPush(parse, parse.GetValue(folder)!, parse.GetValue(name), parse.GetValue(storage)!, ct));
        return cmd;
    }

    public static Command Pull()
    {
        var name = new Argument<string>("name") { Description = "Data set name in storage" };
        var to = new Option<DirectoryInfo>("--to") { Description = "Destination folder (must not exist)", Required = true };
        var storage = StorageOption.Create();
        var cmd = new Command("pull", "Download a data set or model folder from storage.") { name, to, storage };
        cmd.SetAction((parse, ct) => RunPull(parse, parse.GetValue(name)!, parse.GetValue(to)!, parse.GetValue(storage)!, ct));
        return cmd;
    }

    private static async Task<int> RunPush(ParseResult parse, DirectoryInfo folder, string? name, string location, CancellationToken ct)
    {
        var store = StorageOption.Open(location);
        var dataset = name ?? folder.Name;
        var manifest = await DatasetTransfer.PushAsync(store, folder.FullName, dataset, ct);
        await parse.InvocationConfiguration.Output.WriteLineAsync(
            $"pushed {manifest.Files.Count} files ({manifest.Files.Sum(f => f.Size)} bytes) as '{dataset}' to {store.Description}");
        return 0;
    }

    private static async Task<int> RunPull(ParseResult parse, string name, DirectoryInfo to, string location, CancellationToken ct)
    {
        var store = StorageOption.Open(location);
        var manifest = await DatasetTransfer.PullAsync(store, name, to.FullName, ct);
        await parse.InvocationConfiguration.Output.WriteLineAsync(
            $"pulled {manifest.Files.Count} files ({manifest.Files.Sum(f => f.Size)} bytes) of '{name}' into {to.FullName}");
        return 0;
    }
}
