namespace Saliency.Core.Metrics;

/// <summary>
/// Spearman's rank correlation: the Pearson correlation of the two samples' ranks, tied values sharing the average
/// of their ranks (<c>scipy.stats.spearmanr</c>, <c>scipy.stats.rankdata(method="average")</c>). Computed in double
/// precision.
/// </summary>
public static class SpearmanCorrelation
{
    /// <summary>
    /// Spearman's rho of <paramref name="a"/> and <paramref name="b"/>, in [-1, 1]; NaN when either sample is constant
    /// (its ranks have no variance: the correlation is undefined, as scipy reports it).
    /// </summary>
    /// <exception cref="ArgumentException">Different lengths, fewer than 2 values, or a NaN.</exception>
    public static double Of(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"samples of {a.Length} and {b.Length} values", nameof(b));
        }

        if (a.Length < 2)
        {
            throw new ArgumentException("a correlation needs at least 2 values", nameof(a));
        }

        return Pearson(AverageRanks(a), AverageRanks(b));
    }

    /// <summary>Spearman's rho of the absolute values of <paramref name="a"/> and <paramref name="b"/>.</summary>
    public static double OfAbsolute(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var absA = new float[a.Length];
        var absB = new float[b.Length];
        for (int i = 0; i < a.Length; i++)
        {
            absA[i] = Math.Abs(a[i]);
        }

        for (int i = 0; i < b.Length; i++)
        {
            absB[i] = Math.Abs(b[i]);
        }

        return Of(absA, absB);
    }

    /// <summary>1-based ranks, ascending; tied values get the mean of the ranks they span (1, 2.5, 2.5, 4).</summary>
    /// <exception cref="ArgumentException">A NaN (it has no rank).</exception>
    public static double[] AverageRanks(ReadOnlySpan<float> values)
    {
        var keys = values.ToArray();
        foreach (var v in keys)
        {
            if (float.IsNaN(v))
            {
                throw new ArgumentException("NaN has no rank", nameof(values));
            }
        }

        var order = new int[keys.Length];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(keys, order);
        var ranks = new double[keys.Length];
        for (int start = 0; start < keys.Length;)
        {
            int end = start + 1;
            while (end < keys.Length && keys[end] == keys[start])
            {
                end++;
            }

            double rank = (start + 1 + end) / 2.0; // mean of the 1-based ranks start + 1 .. end
            for (int k = start; k < end; k++)
            {
                ranks[order[k]] = rank;
            }

            start = end;
        }

        return ranks;
    }

    private static double Pearson(double[] x, double[] y)
    {
        double meanX = x.Average(), meanY = y.Average();
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double dx = x[i] - meanX, dy = y[i] - meanY;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }

        return sxx == 0 || syy == 0 ? double.NaN : Math.Clamp(sxy / Math.Sqrt(sxx * syy), -1, 1);
    }
}
