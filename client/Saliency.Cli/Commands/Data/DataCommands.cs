using System.CommandLine;

namespace Saliency.Cli.Commands.Data;

/// <summary><c>saliency data ...</c>: synthesise, prepare, push and pull data sets.</summary>
internal static class DataCommands
{
    public static Command Create()
    {
        var data = new Command("data", "Make and prepare data sets (Severstal, NEU-Seg, synthetic).");
        data.Subcommands.Add(DataSynthCommand.Create());
        data.Subcommands.Add(DataPrepareCommand.Create());
        data.Subcommands.Add(DataInfoCommand.Create());
        data.Subcommands.Add(DataTransferCommands.Push());
        data.Subcommands.Add(DataTransferCommands.Pull());
        return data;
    }
}
