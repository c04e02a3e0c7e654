using System.Globalization;
using Saliency.Core.IO;
using Saliency.Core.Stats;

namespace Saliency.Core.Results;

/// <summary>
/// The faithfulness and sanity summary: per variant, metric and value, the median over samples (numpy's linear rule,
/// NaN values left out) and how many samples it is the median of. Rows keep the order in which variants, metrics and
/// values first appear. One home for the summary that <c>metrics-summary.csv</c>, the aggregator's
/// <c>TrialAggregate.Metrics</c> and the report's faithfulness table and sanity figure show.
/// </summary>
public sealed record MetricMedians(string Variant, string Metric, string Value, int Count, double Median)
{
    public const string FileName = "metrics-summary.csv";

    public static IReadOnlyList<MetricMedians> FromRows(IEnumerable<MetricRow> rows) =>
        [.. rows.GroupBy(r => (r.Variant, r.Metric, r.Value)).Select(g =>
        {
            var values = g.Select(r => r.Score).Where(v => !double.IsNaN(v)).ToArray();
            return new MetricMedians(g.Key.Variant, g.Key.Metric, g.Key.Value, values.Length, values.Length == 0 ? double.NaN : Descriptive.Median(values));
        })];

    /// <summary>The summary as CSV: <c>variant,metric,value,count,median</c>.</summary>
    public static string Csv(IEnumerable<MetricMedians> medians) =>
        string.Concat(new[] { "variant,metric,value,count,median" }
            .Concat(medians.Select(m => CsvText.Line([m.Variant, m.Metric, m.Value, m.Count.ToString(CultureInfo.InvariantCulture),
                double.IsNaN(m.Median) ? string.Empty : m.Median.ToString("R", CultureInfo.InvariantCulture)])))
            .Select(l => l + "\n"));
}
