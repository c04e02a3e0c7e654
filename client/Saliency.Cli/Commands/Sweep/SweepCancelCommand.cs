using System.CommandLine;
using Saliency.Contracts;

namespace Saliency.Cli.Commands.Sweep;

/// <summary><c>saliency sweep cancel ID</c>: stop scheduling, cancel running shards; finished shards are kept.</summary>
internal static class SweepCancelCommand
{
    public static Command Create()
    {
        var id = SweepOptions.SweepId();
        var cluster = SweepOptions.Cluster();
        var cmd = new Command("cancel", "Cancel a running sweep (resume continues it).") { id, cluster };
        cmd.SetAction(parse => SweepCommandRunner.Run(parse, cluster, parse.GetValue(id), async (client, output) =>
        {
            output.WriteLine(SweepStatusView.ProgressLine(await client.GetGrain<ISweepGrain>(parse.GetValue(id)!).Cancel()));
            return 0;
        }));
        return cmd;
    }
}
