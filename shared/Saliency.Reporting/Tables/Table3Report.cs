using System.Text;
using Saliency.Core.Data;
using Saliency.Core.IO;
using Saliency.Core.Results;
using Saliency.Reporting.Analysis;

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
            foreach (var normalisation in scores.Normalisations)
            {
                var cell = scores.Cell(variant, normalisation);
                cells.Add(new TableCell(cell is null ? "" : NumberFormat.Score(cell.Median), scores.Best[variant] == normalisation));
            }

            cells.Add(scores.Best[variant] ?? "–");
            cells.Add(DefinedText(scores, variant));
            rows.Add(cells);
        }

        return new ReportTable(
            "Table 3: median distance score per method variant and normalisation",
            ["variant", .. scores.Normalisations, "best", "defined / samples"],
            rows,
            [
                "Distance pointing game, higher is better (1 = all saliency on the defect). Median over samples with a defined score (numpy's linear rule); bold = best normalisation of the row.",
                "Normalisation RECT-P: rectify (All = none, Abs = |x|, ReLU = max(x, 0)) then min-max scale with the P-th percentile as maximum, clipped to [0, 1].",
            ]);
    }

    private static string DefinedText(ScoreTable scores, string variant)
    {
        var cells = scores.Normalisations.Select(n => scores.Cell(variant, n)).OfType<ScoreCell>().ToList();
        var defined = cells.Count == 0 ? 0 : cells.Min(c => c.Defined);
        var total = cells.Count == 0 ? 0 : cells.Max(c => c.Rows);
        return $"{defined} / {total}";
    }
}
