using System.CommandLine;
using Saliency.Contracts;

namespace Saliency.Cli.Commands.Sweep;

/// <summary><c>saliency sweep list</c>: the sweeps in the cluster's results storage.</summary>
internal static class SweepListCommand
{
    public static Command Create()
    {
        var cluster = SweepOptions.Cluster();
        var cmd = new Command("list", "List the sweeps the cluster knows.") { cluster };
        cmd.SetAction(parse => SweepCommandRunner.Run(parse, cluster, null, async (client, output) =>
        {
            var sweeps = await client.GetGrain<ISweepCatalogGrain>(ISweepCatalogGrain.SingletonKey).List();
            output.WriteLine($"{"id",-32} {"name",-16} {"state",-10} {"trials",6} {"shards",13}");
            foreach (var s in sweeps)
            {
                output.WriteLine($"{s.SweepId,-32} {s.Name,-16} {s.State,-10} {s.Trials,6} {s.ShardsDone,6}/{s.ShardsTotal,-6}");
            }

            return 0;
        }));
        return cmd;
    }
}
