namespace Saliency.Core.Metrics;

/// <summary>
/// The two pointing-game scores of one normalised saliency map S against one mask M (see <see cref="PointingGame"/>):
/// <see cref="Distance"/> = sum(S M) / (sum(S M) + sum(S D)) and <see cref="Energy"/> = sum(S M) / sum(S), both in
/// [0, 1], higher is better. When <see cref="Outcome"/> is not <see cref="ScoreOutcome.Defined"/> both are NaN.
/// </summary>
public sealed record PointingScores(double Distance, double Energy, ScoreOutcome Outcome)
{
    public bool IsDefined => Outcome == ScoreOutcome.Defined;

    /// <summary>Undefined scores (both NaN) for the given reason.</summary>
    public static PointingScores Undefined(ScoreOutcome reason) =>
        reason == ScoreOutcome.Defined
            ? throw new ArgumentException("an undefined outcome needs a reason", nameof(reason))
            : new PointingScores(double.NaN, double.NaN, reason);

    /// <summary>A short human-readable reason for an undefined outcome ("empty mask", "zero saliency"); null when defined.</summary>
    public string? UndefinedReason => Outcome switch
    {
        ScoreOutcome.EmptyMask => "empty mask",
        ScoreOutcome.ZeroSaliency => "zero saliency",
        _ => null,
    };
}
