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
