namespace Saliency.Contracts;

/// <summary>How many samples ended failed or skipped for one reason.</summary>
[GenerateSerializer, Immutable, Alias("saliency.ReasonCount")]
public sealed record ReasonCount(
    [property: Id(0)] SampleOutcome Outcome,
    [property: Id(1)] string Reason,
    [property: Id(2)] int Count);
