namespace Saliency.Core.Metrics;

/// <summary>
/// The min-max range of one rectified map: <see cref="Min"/> maps to 0 and <see cref="Max"/> (the chosen percentile)
/// to 1; values above it clip to 1. When <c>Max == Min</c> the range is degenerate: values above <see cref="Min"/>
/// give 1 and <see cref="Min"/> itself gives 0 (the limit of the formula), so no NaN arises.
/// </summary>
internal readonly record struct NormalisationRange(double Min, double Max)
{
    public bool IsDegenerate => !(Max > Min);

    /// <summary>Scales a rectified value to [0, 1].</summary>
    public double Scale(double x)
    {
        if (IsDegenerate)
        {
            return x > Min ? 1 : 0;
        }

        double s = (x - Min) / (Max - Min);
        return s <= 0 ? 0 : s >= 1 ? 1 : s;
    }
}
