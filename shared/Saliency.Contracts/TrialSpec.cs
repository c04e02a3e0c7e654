namespace Saliency.Contracts;

/// <summary>
/// One trial of a sweep: a saliency method with fixed parameters. <see cref="VariantId"/> is the canonical
/// method variant id (<c>Method(k1=v1,k2=v2)</c>, keys sorted), the key the benchmark and the report use;
/// <see cref="TrialId"/> is a short hash of that canonical content, so the same grid always gives the same ids.
/// </summary>
[GenerateSerializer, Immutable, Alias("saliency.TrialSpec")]
public sealed record TrialSpec(
    [property: Id(0)] string TrialId,
    [property: Id(1)] string VariantId,
    [property: Id(2)] string Method,
    [property: Id(3)] IReadOnlyList<TrialParameter> Parameters);
