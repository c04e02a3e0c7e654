using Saliency.Core;
using Saliency.Core.Data;
using Saliency.Core.IO;
using Saliency.Core.Results;
using Saliency.Reporting.Analysis;
using Saliency.Reporting.Figures;
using Saliency.Reporting.Html;
using Saliency.Reporting.Plots;
using Saliency.Reporting.Results;
using Saliency.Reporting.Tables;

namespace Saliency.Reporting;

/// <summary>
/// Writes the report of a results folder into an output folder (created if needed; files of the same names are
/// replaced): <c>table1.md</c>, <c>table1.csv</c> (when the results have table1.json), <c>samples.csv</c>
/// (composition of the benchmarked samples), <c>table3.md</c>/<c>.csv</c>, <c>fps.md</c>/<c>.csv</c>,
/// <c>fps.png</c>/<c>.svg</c>, <c>fig5a.png</c>/<c>.svg</c>, <c>fig5b.png</c>/<c>.svg</c>, <c>fig3.png</c> (when
/// there are map samples), with model metrics <c>faithfulness.md</c>, <c>metrics-summary.csv</c> and
/// <c>sanity.png</c>/<c>.svg</c>, and <c>index.html</c> showing all of them. Every statistic is computed from rows.csv.
/// </summary>
public static class ReportWriter
{
    public const string IndexFile = "index.html";

    /// <exception cref="InputException">Bad input files, or a Fig. 3 sample or normalisation that does not exist.</exception>
    public static ReportOutput Write(ResultsFolder results, string outDir, ReportOptions? options = null)
    {
        options ??= ReportOptions.Default;
        var dir = Path.GetFullPath(outDir);
        Directory.CreateDirectory(dir);
        var files = new List<string>();
        string Save(string name, string content)
        {
            var path = Path.Combine(dir, name);
            File.WriteAllText(path, content);
            files.Add(path);
            return path;
        }

        var rows = results.Rows;
        var scores = ScoreTable.FromRows(rows);
        var fps = FpsPercentiles.FromRows(rows, scores.Variants);
        var methods = rows.GroupBy(r => r.Variant, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Method, StringComparer.Ordinal);
        var device = results.Run?.Device;
        var colors = new MethodColors();

        var benchmarked = BenchmarkComposition.FromRows(rows, results.Composition?.ClassNames);
        var samplesTable = Table1Report.Table(benchmarked, "Benchmarked samples per label", "Distinct samples of rows.csv per label.");
        var table1 = results.Composition is { } composition
            ? Table1Report.Table(composition, $"Table 1: dataset composition{(composition.Dataset is null ? string.Empty : $" ({composition.Dataset})")}", "Patches per label; share of the kept patches.")
            : null;
        Save("table1.md", (table1 is null ? "Table 1 is not available: the results folder has no table1.json.\n\n" : MarkdownWriter.Write(table1) + "\n") + MarkdownWriter.Write(samplesTable));
        if (results.Composition is not null)
        {
            Save("table1.csv", Table1Report.Csv(results.Composition));
        }

        Save("samples.csv", Table1Report.Csv(benchmarked));
        var table3 = Table3Report.Table(scores);
        Save("table3.md", MarkdownWriter.Write(table3));
        Save(ResultTables.Table3Csv, ResultTables.Table3AsCsv(scores, rows));
        var fpsTable = FpsReport.Table(fps, device);
        Save("fps.md", MarkdownWriter.Write(fpsTable));
        Save(ResultTables.FpsCsv, ResultTables.FpsAsCsv(fps));

        var fig5a = ScoreSpeedPlot.Write(scores, fps, colors, Path.Combine(dir, "fig5a"));
        var fig5b = ScoreDistributionPlot.Write(scores, methods, colors, Path.Combine(dir, "fig5b"));
        var fpsPlot = FpsPercentilePlot.Write(fps, colors, device, Path.Combine(dir, "fps"));
        files.AddRange([fig5a.PngPath, fig5a.SvgPath, fig5b.PngPath, fig5b.SvgPath, fpsPlot.PngPath, fpsPlot.SvgPath]);

        var metricMedians = MetricMedians.FromRows(results.Metrics);
        var faithfulness = FaithfulnessReport.Table(metricMedians);
        if (faithfulness is not null)
        {
            Save("faithfulness.md", MarkdownWriter.Write(faithfulness));
        }

        if (metricMedians.Count > 0)
        {
            Save(MetricMedians.FileName, MetricMedians.Csv(metricMedians));
        }

        var sanity = SanityPlot.Write(metricMedians, methods, colors, Path.Combine(dir, "sanity"));
        if (sanity is not null)
        {
            files.AddRange([sanity.PngPath, sanity.SvgPath]);
        }

        var fig3 = WriteFig3(results, scores, options.Fig3, Path.Combine(dir, "fig3.png"));
        if (fig3 is not null)
        {
            files.Add(fig3.PngPath);
        }

        var html = new HtmlWriter("Saliency benchmark report");
        html.Paragraph($"Source: {results.Path} · {rows.Count} rows, {scores.Variants.Count} method variants, {scores.Normalisations.Count} normalisations, {benchmarked.Total} samples" + (device is null ? "." : $" · device: {device}."));
        html.Navigation([
            ("Table 1", "table1"), ("Table 3", "table3"),
            .. faithfulness is null ? Array.Empty<(string, string)>() : [("Faithfulness", "faithfulness")],
            .. sanity is null ? Array.Empty<(string, string)>() : [("Sanity", "sanity")],
            ("Fig. 5a", "fig5a"), ("Fig. 5b", "fig5b"), ("Throughput", "fps"), ("Fig. 3", "fig3"), ("Run", "run")]);

        html.Heading(table1?.Title ?? "Table 1: dataset composition", "table1");
        if (table1 is null)
        {
            html.Paragraph("Not available: the results folder has no table1.json.", note: true);
        }
        else
        {
            html.Table(table1);
        }

        html.Paragraph(samplesTable.Title + ":").Table(samplesTable).Links([("table1.md", "table1.md"), .. results.Composition is null ? Array.Empty<(string, string)>() : [("table1.csv", "table1.csv")], ("samples.csv", "samples.csv")]);

        html.Heading(table3.Title, "table3").Table(table3).Links([("table3.md", "table3.md"), ("table3.csv", "table3.csv")]);

        if (faithfulness is not null)
        {
            html.Heading(faithfulness.Title, "faithfulness").Table(faithfulness).Links([("faithfulness.md", "faithfulness.md"), (MetricMedians.FileName, MetricMedians.FileName)]);
        }

        if (sanity is not null)
        {
            html.Heading("Sanity check: model randomisation", "sanity")
                .Paragraph("Median Spearman rank correlation of absolute values between each method's original map and its map on the model randomised from the top down to each step (Adebayo et al. 2018, Fig. 2). A method that passes falls towards 0.", note: true)
                .Image("sanity.png", "Sanity check: map similarity against randomised depth, one line per method", sanity.Width, sanity.Height, [("SVG", "sanity.svg")]);
        }

        html.Heading("Fig. 5a: score against speed", "fig5a")
            .Paragraph("Median distance score of each variant under its best normalisation (in brackets) against its median maps per second, log-scaled. Thick translucent lines join variants of one method that differ only in batching (same maps, different speed).", note: true);
        var unplotted = scores.Variants.Where(v => scores.Best[v] is null).ToList();
        if (unplotted.Count > 0)
        {
            html.Paragraph($"Not plotted (no defined score): {string.Join(", ", unplotted)}.", note: true);
        }

        html.Image("fig5a.png", "Fig. 5a: median distance score against median fps per method variant", fig5a.Width, fig5a.Height, [("SVG", "fig5a.svg")]);

        html.Heading("Fig. 5b: score distributions", "fig5b")
            .Paragraph("Distance scores per variant under its best normalisation: box = quartiles, line = median, whiskers = most extreme scores within 1.5 IQR, dots = scores beyond.", note: true)
            .Image("fig5b.png", "Fig. 5b: distribution of distance scores per method variant", fig5b.Width, fig5b.Height, [("SVG", "fig5b.svg")]);

        html.Heading("Throughput percentiles", "fps").Table(fpsTable).Links([("fps.md", "fps.md"), ("fps.csv", "fps.csv")])
            .Image("fps.png", "fps percentiles per method variant", fpsPlot.Width, fpsPlot.Height, [("SVG", "fps.svg")]);

        html.Heading("Fig. 3: saliency maps", "fig3");
        if (fig3 is null)
        {
            html.Paragraph("Not available: the results folder has no maps/ samples.", note: true);
        }
        else
        {
            html.Paragraph($"Samples: {string.Join(", ", fig3.Samples)}. Normalisation: {(options.Fig3.Normalisation is null ? "each variant's best (Table 3), named under the column title" : options.Fig3.Normalisation)}. Colour map viridis (0 dark purple .. 1 yellow); red = defect mask outline.", note: true)
                .Image("fig3.png", "Fig. 3: input patches, defect masks and normalised saliency maps", fig3.Width, fig3.Height);
        }

        html.Heading("Run", "run");
        if (results.RunJson is null)
        {
            html.Paragraph("The results folder has no run.json.", note: true);
        }
        else
        {
            html.Details("run.json", results.RunJson);
        }

        var index = Save(IndexFile, html.ToString());
        return new ReportOutput(dir, index, files);
    }

    private static Fig3Result? WriteFig3(ResultsFolder results, ScoreTable scores, Fig3Options options, string path)
    {
        if (results.Maps.Count == 0)
        {
            return null;
        }

        IReadOnlyList<MapSample> samples;
        if (options.Samples is { Count: > 0 } names)
        {
            var byName = results.Maps.ToDictionary(m => m.Name, StringComparer.Ordinal);
            samples = [.. names.Select(n => byName.TryGetValue(n, out var s) ? s
                : throw new InputException($"no maps for sample '{n}' (available: {string.Join(", ", byName.Keys)})", field: "--samples"))];
        }
        else
        {
            samples = [.. results.Maps.Take(Math.Max(1, options.Count))];
        }

        if (options.Normalisation is not null && !Core.Metrics.Normalisation.TryParse(options.Normalisation, out _))
        {
            Core.Metrics.Normalisation.Parse(options.Normalisation);
        }

        var withMaps = samples.SelectMany(s => s.VariantMaps.Keys).ToHashSet(StringComparer.Ordinal);
        var variants = scores.Variants.Where(withMaps.Contains).Concat(withMaps.Where(v => !scores.Variants.Contains(v)).Order(StringComparer.Ordinal)).ToList();
        string NormalisationOf(string variant) =>
            options.Normalisation ?? (scores.Best.TryGetValue(variant, out var best) && best is not null ? best : scores.Normalisations.FirstOrDefault() ?? "ReLU-100");
        return Fig3Figure.Write(samples, variants, NormalisationOf, options.CellWidth, path);
    }
}
