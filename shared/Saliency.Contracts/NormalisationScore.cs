namespace Saliency.Contracts;

/// <summary>Distance and energy pointing-game scores of one raw map under one normalisation (e.g. <c>Abs-99</c>).</summary>
[GenerateSerializer, Immutable, Alias("saliency.NormalisationScore")]
public sealed record NormalisationScore(
    [property: Id(0)] string Normalisation,
    [property: Id(1)] double Distance,
    [property: Id(2)] double Energy);
