using System.Text;
using Saliency.Reporting.Analysis;
using Saliency.Reporting.Results;

namespace Saliency.Reporting.Tables;

/// <summary>
/// Table 3: median distance score per variant x normalisation. Display: scores to 4 decimals, the best
/// normalisation of each variant in bold, and the number of defined scores. CSV:
/// <c>variant,method,&lt;normalisations...&gt;,best,samples</c> with medians in full precision (empty = no defined
/// score), <c>best</c> the best normalisation's name and <c>samples</c> the rows per cell (its largest value).
/// </summary>
public static class Table3Report
{
    public static ReportTable Table(ScoreTable scores)
    {
        var rows = new List<IReadOnlyList<TableCell>>();
        foreach (var variant in scores.Variants)
        {
            var cells = new List<TableCell> { variant };
            foreach (var normalization in scores.Normalizations)
            {
                var cell = scores.Cell(variant, normalization);
                cells.Add(new TableCell(cell is null ? "" : NumberFormat.Score(cell.Median), scores.Best[variant] == normalization));
            }

            cells.Add(scores.Best[variant] ?? "–");
            cells.Add(DefinedText(scores, variant));
            rows.Add(cells);
        }

        return new ReportTable(
            "Table 3: median distance score per method variant and normalisation",
            ["variant", .. scores.Normalizations, "best", "defined / samples"],
            rows,
            [
                "Distance pointing game, higher is better (1 = all saliency on the defect). Median over samples with a defined score (numpy's linear rule); bold = best normalisation of the row.",
                "Normalisation RECT-P: rectify (All = none, Abs = |x|, ReLU = max(x, 0)) then min-max scale with the P-th percentile as maximum, clipped to [0, 1].",
            ]);
    }

    public static string Csv(ScoreTable scores, IReadOnlyList<ResultRow> rows)
    {
        var methods = rows.GroupBy(r => r.Variant, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Method, StringComparer.Ordinal);
        var text = new StringBuilder(CsvText.Line(["variant", "method", .. scores.Normalizations, "best", "samples"])).Append('\n');
        foreach (var variant in scores.Variants)
        {
            var medians = scores.Normalizations.Select(n => scores.Cell(variant, n) is { } c ? NumberFormat.Csv(c.Median) : string.Empty);
            var samples = scores.Normalizations.Select(n => scores.Cell(variant, n)?.Rows ?? 0).Max();
            text.Append(CsvText.Line([variant, methods[variant], .. medians, scores.Best[variant] ?? string.Empty, NumberFormat.Integer(samples)])).Append('\n');
        }

        return text.ToString();
    }

    private static string DefinedText(ScoreTable scores, string variant)
    {
        var cells = scores.Normalizations.Select(n => scores.Cell(variant, n)).OfType<ScoreCell>().ToList();
        var defined = cells.Count == 0 ? 0 : cells.Min(c => c.Defined);
        var total = cells.Count == 0 ? 0 : cells.Max(c => c.Rows);
        return $"{defined} / {total}";
    }
}
