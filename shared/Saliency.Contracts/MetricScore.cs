namespace Saliency.Contracts;

/// <summary>
/// One value of a model metric (faithfulness or sanity; docs/metrics.md) for one raw map: the metric as the sweep
/// names it in the catalogue's canonical spelling (<c>deletion</c>, <c>road(order=most)</c>), the value's name from the
/// metric's declaration (<c>deletion_auc</c>, <c>sanity_spearman_layer4</c>) and the value (NaN where undefined).
/// </summary>
[GenerateSerializer, Immutable, Alias("saliency.MetricScore")]
public sealed record MetricScore(
    [property: Id(0)] string Metric,
    [property: Id(1)] string Value,
    [property: Id(2)] double Score);
