namespace Saliency.Core.Stats;

/// <summary>
/// Descriptive statistics of a sample of doubles (scores, frames per second, ...). Percentiles, the median and the
/// quartiles follow <see cref="PercentileRule"/> (numpy's default, linear interpolation between closest ranks), so
/// they match <c>numpy.percentile</c> / <c>numpy.median</c>.
/// <para>Edge cases: every method throws <see cref="ArgumentException"/> on an empty sample (a statistic of no values
/// is undefined; callers decide what to report) and on a sample containing NaN (filter undefined scores first).
/// Infinities are allowed and propagate as IEEE arithmetic says. The input is never modified.</para>
/// </summary>
public static class Descriptive
{
    /// <summary>Arithmetic mean.</summary>
    public static double Mean(ReadOnlySpan<double> values)
    {
        Check(values);
        double sum = 0;
        foreach (var v in values)
        {
            sum += v;
        }

        return sum / values.Length;
    }

    /// <summary>Median (= 50th percentile: the mean of the two middle values for an even count).</summary>
    public static double Median(ReadOnlySpan<double> values) => Percentile(values, 50);

    /// <summary>The <paramref name="p"/>-th percentile, p in [0, 100], numpy's linear rule.</summary>
    public static double Percentile(ReadOnlySpan<double> values, double p)
    {
        PercentileRule.CheckPercentile(p);
        return PercentileOfSorted(SortedCopy(values), p);
    }

    /// <summary>Several percentiles of one sample (sorts once); results in the order of <paramref name="ps"/>.</summary>
    public static double[] Percentiles(ReadOnlySpan<double> values, ReadOnlySpan<double> ps)
    {
        foreach (var p in ps)
        {
            PercentileRule.CheckPercentile(p);
        }

        var sorted = SortedCopy(values);
        var result = new double[ps.Length];
        for (int i = 0; i < ps.Length; i++)
        {
            result[i] = PercentileOfSorted(sorted, ps[i]);
        }

        return result;
    }

    /// <summary>First quartile, median and third quartile (25th, 50th, 75th percentiles).</summary>
    public static Quartiles Quartiles(ReadOnlySpan<double> values)
    {
        var sorted = SortedCopy(values);
        return new Quartiles(PercentileOfSorted(sorted, 25), PercentileOfSorted(sorted, 50), PercentileOfSorted(sorted, 75));
    }

    /// <summary>Percentile of values already sorted ascending (not checked), numpy's linear rule.</summary>
    public static double PercentileOfSorted(ReadOnlySpan<double> sorted, double p)
    {
        if (sorted.IsEmpty)
        {
            throw new ArgumentException("percentile of an empty sample is undefined", nameof(sorted));
        }

        var (lower, upper, t) = PercentileRule.Ranks(sorted.Length, p);
        return PercentileRule.Interpolate(sorted[lower], sorted[upper], t);
    }

    private static double[] SortedCopy(ReadOnlySpan<double> values)
    {
        Check(values);
        var copy = values.ToArray();
        Array.Sort(copy);
        return copy;
    }

    private static void Check(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty)
        {
            throw new ArgumentException("statistic of an empty sample is undefined", nameof(values));
        }

        foreach (var v in values)
        {
            if (double.IsNaN(v))
            {
                throw new ArgumentException("sample contains NaN; drop undefined values before computing statistics", nameof(values));
            }
        }
    }
}
