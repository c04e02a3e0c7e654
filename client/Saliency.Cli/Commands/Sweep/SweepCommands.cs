using System.CommandLine;

namespace Saliency.Cli.Commands.Sweep;

/// <summary><c>saliency sweep ...</c>: submit, watch and read sweeps on an Orleans cluster.</summary>
internal static class SweepCommands
{
    public static Command Create() => new("sweep", "Run benchmark sweeps on a cluster of silos (or in-process with sweep run).")
    {
        SweepSubmitCommand.Create(),
        SweepRunCommand.Create(),
        SweepStatusCommand.Create(),
        SweepWatchCommand.Create(),
        SweepResultsCommand.Create(),
        SweepCancelCommand.Create(),
        SweepResumeCommand.Create(),
        SweepListCommand.Create(),
    };
}
