using System.CommandLine;
using Saliency.Contracts;

namespace Saliency.Cli.Commands.Sweep;

/// <summary><c>saliency sweep results ID [--format table|csv|json]</c>: Table 3 (median distance per variant x normalisation) and fps.</summary>
internal static class SweepResultsCommand
{
    public static Command Create()
    {
        var id = SweepOptions.SweepId();
        var cluster = SweepOptions.Cluster();
        var format = new Option<string>("--format") { Description = "table (Table 3 shape), csv or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "csv", "json");
        var cmd = new Command("results", "Print a sweep's aggregated results.") { id, cluster, format };
        cmd.SetAction(parse => SweepCommandRunner.Run(parse, cluster, async (client, output) =>
        {
            var results = await client.GetGrain<ISweepGrain>(parse.GetValue(id)!).GetResults();
            output.Write(parse.GetValue(format) switch
            {
                "csv" => SweepResultsFormatter.Csv(results),
                "json" => SweepResultsFormatter.JsonText(results) + Environment.NewLine,
                _ => SweepResultsFormatter.Table(results),
            });
            return 0;
        }));
        return cmd;
    }
}
