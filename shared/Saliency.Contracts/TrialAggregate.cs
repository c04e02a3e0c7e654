namespace Saliency.Contracts;

/// <summary>
/// Exact summary of one score over the done samples: count, mean, quartiles (numpy's linear percentile rule).
/// All NaN when <see cref="Count"/> is 0.
/// </summary>
[GenerateSerializer, Immutable, Alias("saliency.ScoreSummary")]
public sealed record ScoreSummary(
    [property: Id(0)] int Count,
    [property: Id(1)] double Mean,
    [property: Id(2)] double Q1,
    [property: Id(3)] double Median,
    [property: Id(4)] double Q3);

/// <summary>Distance and energy score summaries of a trial under one normalisation.</summary>
[GenerateSerializer, Immutable, Alias("saliency.NormalisationAggregate")]
public sealed record NormalisationAggregate(
    [property: Id(0)] string Normalisation,
    [property: Id(1)] ScoreSummary Distance,
    [property: Id(2)] ScoreSummary Energy);

/// <summary>Frames per second (1 / seconds per map) over the done samples: percentiles p5, p50 (median), p95, p99.</summary>
[GenerateSerializer, Immutable, Alias("saliency.FpsSummary")]
public sealed record FpsSummary(
    [property: Id(0)] int Count,
    [property: Id(1)] double P5,
    [property: Id(2)] double P50,
    [property: Id(3)] double P95,
    [property: Id(4)] double P99);

/// <summary>How many samples ended failed or skipped for one reason.</summary>
[GenerateSerializer, Immutable, Alias("saliency.ReasonCount")]
public sealed record ReasonCount(
    [property: Id(0)] SampleOutcome Outcome,
    [property: Id(1)] string Reason,
    [property: Id(2)] int Count);

/// <summary>
/// Aggregate of one trial over every persisted shard: per normalisation the distance and energy summaries, fps
/// percentiles, and counts of done, failed and skipped samples with reasons. Each shard counts once.
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
    [property: Id(8)] int ShardsAggregated);

/// <summary>A sweep's results: one aggregate per trial, in the spec's trial order (Table 3 rows).</summary>
[GenerateSerializer, Immutable, Alias("saliency.SweepResults")]
public sealed record SweepResults(
    [property: Id(0)] string SweepId,
    [property: Id(1)] SweepState State,
    [property: Id(2)] IReadOnlyList<string> Normalisations,
    [property: Id(3)] IReadOnlyList<TrialAggregate> Trials);

/// <summary>A line of <c>sweep list</c>.</summary>
[GenerateSerializer, Immutable, Alias("saliency.SweepListing")]
public sealed record SweepListing(
    [property: Id(0)] string SweepId,
    [property: Id(1)] string Name,
    [property: Id(2)] SweepState State,
    [property: Id(3)] int Trials,
    [property: Id(4)] int ShardsDone,
    [property: Id(5)] int ShardsTotal);
