namespace Saliency.Core.Results;

/// <summary>
/// One row of <c>metrics.csv</c>: one value of one model metric (faithfulness or sanity, docs/metrics.md) for the raw
/// map of one (sample, variant). <see cref="Metric"/> is the catalogue's canonical id (<c>road(order=most)</c>),
/// <see cref="Value"/> the value's declared name (<c>deletion_auc</c>), <see cref="Score"/> NaN where undefined.
/// </summary>
public sealed record MetricRow(int Sample, string Variant, string Metric, string Value, double Score);
