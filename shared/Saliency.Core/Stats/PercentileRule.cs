namespace Saliency.Core.Stats;

/// <summary>
/// numpy's default percentile rule (<c>method="linear"</c>, Hyndman and Fan type 7): for <c>n</c> sorted values
/// <c>a[0..n-1]</c> and a percentile <c>p</c> in [0, 100], the virtual index is <c>h = (n - 1) * (p / 100)</c>;
/// with <c>i = floor(h)</c> and <c>t = h - i</c> the result interpolates linearly between the closest ranks
/// <c>a[i]</c> and <c>a[min(i + 1, n - 1)]</c>. The interpolation uses numpy's own formula (<c>a + (b - a) t</c>
/// for <c>t &lt; 0.5</c>, <c>b - (b - a)(1 - t)</c> otherwise) so results agree with numpy to the last bit in double
/// precision. Example: percentile([1, 2, 3, 4], 99) = 3.97.
/// </summary>
public static class PercentileRule
{
    /// <summary>The two ranks (0-based, into the sorted values) and the interpolation weight for percentile <paramref name="p"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is not positive or <paramref name="p"/> is outside [0, 100] or NaN.</exception>
    public static (int Lower, int Upper, double Fraction) Ranks(int count, double p)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        CheckPercentile(p);
        double h = (count - 1) * (p / 100.0);
        double floor = Math.Floor(h);
        int lower = (int)Math.Min(floor, count - 1);
        int upper = Math.Min(lower + 1, count - 1);
        return (lower, upper, h - floor);
    }

    /// <summary>numpy's <c>_lerp</c>: interpolates from <paramref name="a"/> (t = 0) to <paramref name="b"/> (t = 1).</summary>
    public static double Interpolate(double a, double b, double t)
    {
        double diff = b - a;
        return t >= 0.5 ? b - (diff * (1 - t)) : a + (diff * t);
    }

    /// <summary>Throws unless <paramref name="p"/> is a percentile in [0, 100].</summary>
    public static void CheckPercentile(double p)
    {
        if (!(p >= 0 && p <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "percentile must be in [0, 100]");
        }
    }
}
