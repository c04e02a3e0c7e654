using Saliency.Core.Metrics.Catalogue;
using Saliency.Core.Results;
using Saliency.Reporting.Analysis;

namespace Saliency.Reporting.Tables;

/// <summary>
/// The faithfulness table: one row per variant, one column per faithfulness value (deletion and insertion AUC, ROAD
/// curve areas; every model metric that is not a sanity check), each cell the median over samples with its count.
/// Lower is better for deletion and ROAD most-relevant-first, higher for insertion and least-relevant-first
/// (docs/metrics.md); the table marks nothing as best for that reason.
/// </summary>
public static class FaithfulnessReport
{
    /// <summary>The table, or null when the results have no faithfulness values.</summary>
    public static ReportTable? Table(IReadOnlyList<MetricMedians> medians)
    {
        var faithfulness = medians.Where(m => Family(m.Metric) == MetricFamily.Faithfulness).ToList();
        if (faithfulness.Count == 0)
        {
            return null;
        }

        var columns = faithfulness.Select(m => (m.Metric, m.Value)).Distinct().ToList();
        var byKey = faithfulness.ToDictionary(m => (m.Variant, m.Metric, m.Value));
        var rows = faithfulness.Select(m => m.Variant).Distinct(StringComparer.Ordinal).Select(variant =>
            (IReadOnlyList<TableCell>)[
                new TableCell(VariantLabels.Short(variant)),
                .. columns.Select(c => byKey.TryGetValue((variant, c.Metric, c.Value), out var m)
                    ? new TableCell($"{NumberFormat.Score(m.Median)} ({m.Count})")
                    : new TableCell("–")),
            ]).ToList();
        return new ReportTable(
            "Faithfulness: median per variant (samples)",
            ["variant", .. columns.Select(c => MetricVariant.Parse(c.Metric).Parameters.Count == 0 ? c.Value : $"{c.Metric}: {c.Value}")],
            rows,
            ["Deletion and ROAD most-relevant-first: lower is better (the probability falls fast); insertion and ROAD least-relevant-first: higher is better. See docs/metrics.md."]);
    }

    /// <summary>The catalogue family of a metric id, or null when the catalogue no longer knows it.</summary>
    internal static MetricFamily? Family(string metricId) =>
        MetricCatalogue.Find(MetricVariant.Parse(metricId).Metric)?.Family;
}
