namespace Saliency.Contracts;

/// <summary>Distance and energy score summaries of a trial under one normalisation.</summary>
[GenerateSerializer, Immutable, Alias("saliency.NormalisationAggregate")]
public sealed record NormalisationAggregate(
    [property: Id(0)] string Normalisation,
    [property: Id(1)] ScoreSummary Distance,
    [property: Id(2)] ScoreSummary Energy);
