namespace Saliency.Contracts;

/// <summary>
/// Aggregate of one trial over every persisted shard: per normalisation the distance and energy summaries, fps
/// percentiles, counts of done, failed and skipped samples with reasons, and the median of every model-metric value
/// (<see cref="Metrics"/>; empty when the sweep asks for none). Each shard counts once.
/// </summary>
[GenerateSerializer, Immutable, Alias("saliency.TrialAggregate")]
public sealed record TrialAggregate(
    [property: Id(0)] string TrialId,
    [property: Id(1)] string VariantId,
    [property: Id(2)] IReadOnlyList<NormalisationAggregate> Normalisations,
    [property: Id(3)] FpsSummary Fps,
    [property: Id(4)] int Done,
    [property: Id(5)] int Failed,
    [property: Id(6)] int Skipped,
    [property: Id(7)] IReadOnlyList<ReasonCount> Reasons,
    [property: Id(8)] int ShardsAggregated,
    [property: Id(9)] IReadOnlyList<MetricAggregate>? Metrics = null);
