namespace Saliency.Contracts;

/// <summary>Median of one model-metric value over a trial's done samples (NaN values left out of both).</summary>
[GenerateSerializer, Immutable, Alias("saliency.MetricAggregate")]
public sealed record MetricAggregate(
    [property: Id(0)] string Metric,
    [property: Id(1)] string Value,
    [property: Id(2)] int Count,
    [property: Id(3)] double Median);
