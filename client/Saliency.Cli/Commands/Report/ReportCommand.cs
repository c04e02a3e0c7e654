using System.CommandLine;
using Saliency.Core.Data;
using Saliency.Core.IO;
using Saliency.Core.Results;
using Saliency.Reporting;
using Saliency.Reporting.Figures;
using Saliency.Reporting.Results;

namespace Saliency.Cli.Commands.Report;

/// <summary>
/// <c>saliency report SOURCE --out DIR</c>: writes Table 1, Table 3, the fps percentiles, Fig. 3, Fig. 5a/5b and
/// index.html for a results folder (or any source a registered <see cref="IResultsSourceResolver"/> accepts, e.g.
/// a sweep id) and prints the path of index.html.
/// </summary>
internal static class ReportCommand
{
    /// <param name="resolvers">How SOURCE is turned into a results folder, tried in order; default: a folder only.</param>
    public static Command Create(IReadOnlyList<IResultsSourceResolver>? resolvers = null)
    {
        resolvers ??= [new FolderSourceResolver()];
        var source = new Argument<string>("SOURCE") { Description = "A results folder (rows.csv, ...) as written by bench or sweep results" };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder to write the report into (created if needed)", Required = true };
        var samples = new Option<string[]>("--samples")
        {
            Description = "Fig. 3: sample names (maps/<sample> folders) to show, comma-separated; default: the first --fig3-count",
            AllowMultipleArgumentsPerToken = true,
        };
        var count = new Option<int>("--fig3-count") { Description = "Fig. 3: number of samples when --samples is not given", DefaultValueFactory = _ => 4 };
        var normalisation = new Option<string?>("--fig3-normalisation")
        {
            Description = "Fig. 3: normalisation of every map (e.g. ReLU-99); default: each variant's best in Table 3",
        };
        var cmd = new Command("report", "Write tables, figures and index.html for benchmark results.") { source, output, samples, count, normalisation };
        cmd.SetAction(parse =>
        {
            var folder = ResultsSources.Resolve(parse.GetValue(source)!, resolvers);
            var names = (parse.GetValue(samples) ?? [])
                .SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .ToList();
            var options = new ReportOptions(new Fig3Options(
                Count: parse.GetValue(count),
                Samples: names.Count == 0 ? null : names,
                Normalisation: parse.GetValue(normalisation)));
            Write(folder, parse.GetValue(output)!.FullName, parse.InvocationConfiguration.Output, options);
            return 0;
        });
        return cmd;
    }

    /// <summary>The step: writes the report of the results folder <paramref name="resultsFolder"/> into <paramref name="outDir"/> and prints the path of index.html.</summary>
    public static ReportOutput Write(string resultsFolder, string outDir, TextWriter stdout, ReportOptions? options = null)
    {
        var report = ReportWriter.Write(ResultsFolder.Open(resultsFolder), outDir, options);
        stdout.WriteLine(report.IndexHtml);
        return report;
    }
}
