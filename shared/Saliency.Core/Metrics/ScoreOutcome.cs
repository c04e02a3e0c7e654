namespace Saliency.Core.Metrics;

/// <summary>Whether the pointing-game scores of a map are defined, and if not, why.</summary>
public enum ScoreOutcome
{
    /// <summary>Both scores are numbers in [0, 1].</summary>
    Defined,

    /// <summary>The mask has no defect pixel: there is nothing to point at, so both scores are undefined (NaN).</summary>
    EmptyMask,

    /// <summary>The normalised map is zero everywhere (e.g. a constant map, or ReLU of a map with no positive value):
    /// both ratios are 0/0, so both scores are undefined (NaN).</summary>
    ZeroSaliency,
}
