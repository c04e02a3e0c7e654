namespace Saliency.Core.Metrics;

/// <summary>The pointing-game scores of one raw map under one normalisation.</summary>
public sealed record NormalizedScores(Normalization Normalization, PointingScores Scores);
