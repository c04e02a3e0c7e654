using System.CommandLine;
using Saliency.Contracts;

namespace Saliency.Cli.Commands.Sweep;

/// <summary><c>saliency sweep status ID</c>: state, progress, per-trial rows, silos, failed shards.</summary>
internal static class SweepStatusCommand
{
    public static Command Create()
    {
        var id = SweepOptions.SweepId();
        var cluster = SweepOptions.Cluster();
        var cmd = new Command("status", "Show a sweep's progress.") { id, cluster };
        cmd.SetAction(parse => SweepCommandRunner.Run(parse, cluster, parse.GetValue(id), async (client, output) =>
        {
            SweepStatusView.WriteFull(await client.GetGrain<ISweepGrain>(parse.GetValue(id)!).GetStatus(), output);
            return 0;
        }));
        return cmd;
    }
}
