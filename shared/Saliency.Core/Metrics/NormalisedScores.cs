namespace Saliency.Core.Metrics;

/// <summary>The pointing-game scores of one raw map under one normalisation.</summary>
public sealed record NormalisedScores(Normalisation Normalisation, PointingScores Scores);
