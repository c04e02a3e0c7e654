using Saliency.Core.Metrics;
using Saliency.Core.Stats;

namespace Saliency.Core.Results;

/// <summary>
/// Table 3 of the study: the median distance pointing-game score per method variant (rows) and normalisation
/// (columns), computed from rows.csv (undefined scores left out). Variants keep the order of their first row;
/// normalisations follow <see cref="Normalisation.Table3"/> (All-100, Abs-100, ReLU-100, All-99, Abs-99, ReLU-99),
/// any others after in order of appearance. The best normalisation of a variant is the one with the highest median
/// (a higher distance score is better: 1 = all saliency on the defect); ties go to the earlier column; a variant
/// without any defined score has none.
/// </summary>
public sealed class ScoreTable
{
    private readonly Dictionary<(string Variant, string Normalisation), ScoreCell> _cells;

    private ScoreTable(IReadOnlyList<string> variants, IReadOnlyList<string> normalisations, Dictionary<(string, string), ScoreCell> cells)
    {
        Variants = variants;
        Normalisations = normalisations;
        _cells = cells;
        Best = variants.ToDictionary(v => v, FindBest, StringComparer.Ordinal);
    }

    /// <summary>Variant ids, in the order of their first row.</summary>
    public IReadOnlyList<string> Variants { get; }

    /// <summary>Normalisation names, in table order.</summary>
    public IReadOnlyList<string> Normalisations { get; }

    /// <summary>Best normalisation per variant (null when no cell of the variant has a defined median).</summary>
    public IReadOnlyDictionary<string, string?> Best { get; }

    /// <summary>The cell of (variant, normalisation), or null when rows.csv has no such rows.</summary>
    public ScoreCell? Cell(string variant, string normalisation) =>
        _cells.TryGetValue((variant, normalisation), out var cell) ? cell : null;

    public static ScoreTable FromRows(IReadOnlyList<ResultRow> rows)
    {
        var variants = rows.Select(r => r.Variant).Distinct(StringComparer.Ordinal).ToList();
        var present = rows.Select(r => r.Normalisation).Distinct(StringComparer.Ordinal).ToList();
        var standard = Normalisation.Table3.Select(n => n.Name).ToList();
        var normalisations = standard.Where(present.Contains).Concat(present.Where(n => !standard.Contains(n))).ToList();

        var cells = new Dictionary<(string, string), ScoreCell>();
        foreach (var group in rows.GroupBy(r => (r.Variant, r.Normalisation)))
        {
            var scores = group.Where(r => !double.IsNaN(r.Distance)).Select(r => r.Distance).ToArray();
            var median = scores.Length == 0 ? double.NaN : Descriptive.Median(scores);
            cells[group.Key] = new ScoreCell(group.Count(), scores, median);
        }

        return new ScoreTable(variants, normalisations, cells);
    }

    private string? FindBest(string variant)
    {
        string? best = null;
        double bestMedian = double.NegativeInfinity;
        foreach (var normalisation in Normalisations)
        {
            var cell = Cell(variant, normalisation);
            if (cell is not null && !double.IsNaN(cell.Median) && cell.Median > bestMedian)
            {
                best = normalisation;
                bestMedian = cell.Median;
            }
        }

        return best;
    }
}
