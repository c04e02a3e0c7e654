using System.Globalization;
using System.Text;
using Saliency.Core.IO;

namespace Saliency.Core.Results;

/// <summary>
/// The summary files of a results folder, computed from its rows only: <c>table3.csv</c> / <c>table3.md</c> (median
/// distance score per variant x normalisation, <see cref="ScoreTable"/>) and <c>fps.csv</c> (fps percentiles per
/// variant, <see cref="FpsPercentiles"/>). Bench, sweep results and the report all write them through here.
/// </summary>
public static class ResultTables
{
    public const string Table3Csv = "table3.csv";
    public const string Table3Markdown = "table3.md";
    public const string FpsCsv = "fps.csv";

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Writes the three files into <paramref name="folder"/>.</summary>
    public static void Write(string folder, IReadOnlyList<ResultRow> rows)
    {
        var scores = ScoreTable.FromRows(rows);
        AtomicFile.WriteAllText(Path.Combine(folder, Table3Csv), Table3AsCsv(scores, rows));
        AtomicFile.WriteAllText(Path.Combine(folder, Table3Markdown), Table3AsMarkdown(scores));
        AtomicFile.WriteAllText(Path.Combine(folder, FpsCsv), FpsAsCsv(FpsPercentiles.FromRows(rows, scores.Variants)));
    }

    /// <summary><c>variant,method,&lt;normalisations...&gt;,best,samples</c>: medians in full precision (empty = no
    /// defined score), the best normalisation's name, and the rows per cell (its largest value).</summary>
    public static string Table3AsCsv(ScoreTable scores, IReadOnlyList<ResultRow> rows)
    {
        var methods = rows.GroupBy(r => r.Variant, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Method, StringComparer.Ordinal);
        var text = new StringBuilder(CsvText.Line(["variant", "method", .. scores.Normalisations, "best", "samples"])).Append('\n');
        foreach (var variant in scores.Variants)
        {
            var medians = scores.Normalisations.Select(n => scores.Cell(variant, n) is { } c ? Number(c.Median) : string.Empty);
            var samples = scores.Normalisations.Select(n => scores.Cell(variant, n)?.Rows ?? 0).Max();
            text.Append(CsvText.Line([variant, methods[variant], .. medians, scores.Best[variant] ?? string.Empty, samples.ToString(Inv)])).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>A plain Markdown table of the medians (3 decimals, <c>-</c> where undefined).</summary>
    public static string Table3AsMarkdown(ScoreTable scores)
    {
        var text = new StringBuilder("| variant | " + string.Join(" | ", scores.Normalisations) + " |\n|---|"
            + string.Concat(scores.Normalisations.Select(_ => "---:|")) + "\n");
        foreach (var variant in scores.Variants)
        {
            text.Append("| ").Append(variant).Append(" |");
            foreach (var n in scores.Normalisations)
            {
                var median = scores.Cell(variant, n)?.Median ?? double.NaN;
                text.Append(' ').Append(double.IsNaN(median) ? "-" : median.ToString("F3", Inv)).Append(" |");
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    /// <summary><c>variant,method,samples,fps_p5,fps_p50,fps_p95,fps_p99,seconds_median</c>.</summary>
    public static string FpsAsCsv(IReadOnlyList<FpsPercentiles> fps)
    {
        var text = new StringBuilder("variant,method,samples,fps_p5,fps_p50,fps_p95,fps_p99,seconds_median\n");
        foreach (var f in fps)
        {
            text.Append(CsvText.Line([
                f.Variant, f.Method, f.Samples.ToString(Inv), Number(f.P5), Number(f.P50), Number(f.P95), Number(f.P99), Number(f.SecondsMedian)])).Append('\n');
        }

        return text.ToString();
    }

    private static string Number(double v) => double.IsNaN(v) ? string.Empty : v.ToString("R", Inv);
}
