using System.CommandLine;
using Saliency.Contracts;

namespace Saliency.Cli.Commands.Sweep;

/// <summary><c>saliency sweep resume ID [--watch]</c>: compute only the shards without a persisted result.</summary>
internal static class SweepResumeCommand
{
    public static Command Create()
    {
        var id = SweepOptions.SweepId();
        var cluster = SweepOptions.Cluster();
        var watch = new Option<bool>("--watch") { Description = "Follow progress until the sweep finishes" };
        var cmd = new Command("resume", "Continue a sweep from its persisted results (e.g. after a cluster restart).") { id, cluster, watch };
        cmd.SetAction(parse => SweepCommandRunner.Run(parse, cluster, parse.GetValue(id), async (client, output) =>
        {
            var sweep = client.GetGrain<ISweepGrain>(parse.GetValue(id)!);
            var status = await sweep.Resume();
            return await SweepWatcher.FollowIfAskedAsync(sweep, status, parse.GetValue(watch), output);
        }));
        return cmd;
    }
}
