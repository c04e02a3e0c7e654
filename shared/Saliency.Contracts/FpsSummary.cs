namespace Saliency.Contracts;

/// <summary>Frames per second (1 / seconds per map) over the done samples: percentiles p5, p50 (median), p95, p99.</summary>
[GenerateSerializer, Immutable, Alias("saliency.FpsSummary")]
public sealed record FpsSummary(
    [property: Id(0)] int Count,
    [property: Id(1)] double P5,
    [property: Id(2)] double P50,
    [property: Id(3)] double P95,
    [property: Id(4)] double P99);
