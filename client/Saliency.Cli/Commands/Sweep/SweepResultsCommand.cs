using System.CommandLine;
using Saliency.Contracts;

namespace Saliency.Cli.Commands.Sweep;

/// <summary>
/// <c>saliency sweep results ID [--format table|csv|json] [--out DIR]</c>: Table 3 (median distance per variant x
/// normalisation) and fps; <c>--out</c> also writes the results folder (<c>rows.csv</c>, ...) that <c>saliency report</c> reads.
/// </summary>
internal static class SweepResultsCommand
{
    public static Command Create()
    {
        var id = SweepOptions.SweepId();
        var cluster = SweepOptions.Cluster();
        var format = new Option<string>("--format") { Description = "table (Table 3 shape), csv or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "csv", "json");
        var outDir = new Option<DirectoryInfo?>("--out") { Description = "Also write the results folder (rows.csv, table3.csv, fps.csv, run.json)" };
        var cmd = new Command("results", "Print a sweep's aggregated results.") { id, cluster, format, outDir };
        cmd.SetAction(parse => SweepCommandRunner.Run(parse, cluster, parse.GetValue(id), async (client, output) =>
        {
            var sweep = client.GetGrain<ISweepGrain>(parse.GetValue(id)!);
            var results = await sweep.GetResults();
            output.Write(parse.GetValue(format) switch
            {
                "csv" => SweepResultsFormatter.Csv(results),
                "json" => SweepResultsFormatter.JsonText(results) + Environment.NewLine,
                _ => SweepResultsFormatter.Table(results),
            });
            if (parse.GetValue(outDir) is { } dir)
            {
                var rows = await SweepResultsFolder.WriteAsync(sweep, results, dir.FullName);
                parse.InvocationConfiguration.Error.WriteLine($"wrote {rows} rows to {Path.Combine(dir.FullName, "rows.csv")}");
            }
            return 0;
        }));
        return cmd;
    }
}
