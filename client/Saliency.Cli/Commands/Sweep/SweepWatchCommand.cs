using System.CommandLine;
using Saliency.Contracts;

namespace Saliency.Cli.Commands.Sweep;

/// <summary><c>saliency sweep watch ID</c>: live progress until the sweep finishes.</summary>
internal static class SweepWatchCommand
{
    public static Command Create()
    {
        var id = SweepOptions.SweepId();
        var cluster = SweepOptions.Cluster();
        var cmd = new Command("watch", "Follow a sweep's progress (samples, rate, ETA, silos) until it finishes.") { id, cluster };
        cmd.SetAction(parse => SweepCommandRunner.Run(parse, cluster, parse.GetValue(id), async (client, output) =>
        {
            return SweepWatcher.ExitCode(await SweepWatcher.WatchAndReportAsync(client.GetGrain<ISweepGrain>(parse.GetValue(id)!), output));
        }));
        return cmd;
    }
}
