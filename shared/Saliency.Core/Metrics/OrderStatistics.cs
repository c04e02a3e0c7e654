namespace Saliency.Core.Metrics;

/// <summary>Selection of the k-th smallest value in linear expected time (Hoare quickselect, median-of-three).</summary>
internal static class OrderStatistics
{
    /// <summary>
    /// Rearranges <paramref name="values"/> so that <c>values[k]</c> is the k-th smallest (0-based), everything before it
    /// is &lt;= and everything after it is &gt;= it, and returns it. Values must not contain NaN. Repeated calls on the
    /// same buffer are valid. Falls back to sorting the remaining range if partitioning degenerates.
    /// </summary>
    public static float Select(Span<float> values, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(k, values.Length);
        int lo = 0, hi = values.Length - 1;
        int budget = 4 * (64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)values.Length)) + 8;
        while (hi > lo)
        {
            if (--budget < 0)
            {
                values[lo..(hi + 1)].Sort();
                return values[k];
            }

            int mid = lo + ((hi - lo) / 2);
            SortThree(values, lo, mid, hi);
            float pivot = values[mid];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (values[i] < pivot)
                {
                    i++;
                }

                while (values[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }

            if (k <= j)
            {
                hi = j;
            }
            else if (k >= i)
            {
                lo = i;
            }
            else
            {
                return values[k];
            }
        }

        return values[k];
    }

    /// <summary>The smallest value of a non-empty span.</summary>
    public static float Min(ReadOnlySpan<float> values)
    {
        float min = values[0];
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] < min)
            {
                min = values[i];
            }
        }

        return min;
    }

    private static void SortThree(Span<float> v, int a, int b, int c)
    {
        if (v[b] < v[a])
        {
            (v[a], v[b]) = (v[b], v[a]);
        }

        if (v[c] < v[b])
        {
            (v[b], v[c]) = (v[c], v[b]);
            if (v[b] < v[a])
            {
                (v[a], v[b]) = (v[b], v[a]);
            }
        }
    }
}
