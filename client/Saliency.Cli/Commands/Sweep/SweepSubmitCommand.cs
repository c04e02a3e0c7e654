using System.CommandLine;
using Saliency.Contracts;
using Saliency.Sweeps;

namespace Saliency.Cli.Commands.Sweep;

/// <summary><c>saliency sweep submit FILE [--cluster ADDRESS] [--watch]</c></summary>
internal static class SweepSubmitCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "Sweep file (YAML)" };
        var cluster = SweepOptions.Cluster();
        var watch = new Option<bool>("--watch") { Description = "Follow progress until the sweep finishes" };
        var cmd = new Command("submit", "Validate a sweep file, expand its grid and start it on the cluster.") { file, cluster, watch };
        cmd.SetAction(parse =>
        {
            var spec = SweepFile.Load(parse.GetValue(file)!.FullName);
            return SweepCommandRunner.Run(parse, cluster, spec.SweepId, async (client, output) =>
            {
                var sweep = client.GetGrain<ISweepGrain>(spec.SweepId);
                var status = await sweep.Submit(spec);
                output.WriteLine($"submitted {spec.SweepId}: {spec.Trials.Count} trials, {spec.Normalisations.Count} normalisations, shards of {spec.ShardSize} samples");
                return await SweepWatcher.FollowIfAskedAsync(sweep, status, parse.GetValue(watch), output);
            });
        });
        return cmd;
    }
}
