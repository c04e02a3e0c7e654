namespace Saliency.Contracts;

/// <summary>A sweep's results: one aggregate per trial, in the spec's trial order (Table 3 rows).</summary>
[GenerateSerializer, Immutable, Alias("saliency.SweepResults")]
public sealed record SweepResults(
    [property: Id(0)] string SweepId,
    [property: Id(1)] SweepState State,
    [property: Id(2)] IReadOnlyList<string> Normalisations,
    [property: Id(3)] IReadOnlyList<TrialAggregate> Trials);
