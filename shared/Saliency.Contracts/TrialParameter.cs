namespace Saliency.Contracts;

/// <summary>One named parameter of a method variant, value in invariant-culture text (e.g. <c>n</c> = <c>50</c>).</summary>
[GenerateSerializer, Immutable, Alias("saliency.TrialParameter")]
public sealed record TrialParameter([property: Id(0)] string Name, [property: Id(1)] string Value);
