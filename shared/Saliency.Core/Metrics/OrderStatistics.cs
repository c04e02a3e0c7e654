using System.Buffers;

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

    /// <summary>
    /// The order statistics <paramref name="lower"/> and <paramref name="upper"/> (0-based ranks, upper = lower or
    /// lower + 1) of <paramref name="values"/> (or of their absolute values), when the ranks are in the top few percent.
    /// A strided sample gives a threshold t expected to leave about three times the needed count above it; one pass
    /// collects every value &gt;= t, and if the needed ranks all lie among them they are selected there (every value
    /// left out is smaller than every value collected). Returns false, having found nothing, when the ranks are not
    /// high enough, the input is small, or the sample's guess was wrong; the caller then selects over a full copy.
    /// </summary>
    public static bool TrySelectHigh(ReadOnlySpan<float> values, bool absolute, int lower, int upper, out float a, out float b)
    {
        a = b = 0;
        int n = values.Length;
        int needed = n - lower;
        if (n < 4096 || needed > n / 16)
        {
            return false;
        }

        const int sampleSize = 1024;
        Span<float> sample = stackalloc float[sampleSize];
        int stride = n / sampleSize;
        for (int j = 0; j < sampleSize; j++)
        {
            float v = values[(j * stride) + ((j * 37) % stride)];
            sample[j] = absolute ? Math.Abs(v) : v;
        }

        sample.Sort();
        int rank = sampleSize - (int)Math.Ceiling(sampleSize * ((3.0 * needed) + 64) / n);
        if (rank <= 0)
        {
            return false;
        }

        float threshold = sample[rank];
        int capacity = (8 * needed) + 1024;
        var buffer = ArrayPool<float>.Shared.Rent(capacity);
        try
        {
            int count = 0;
            for (int i = 0; i < n; i++)
            {
                float v = absolute ? Math.Abs(values[i]) : values[i];
                if (v >= threshold)
                {
                    if (count == capacity)
                    {
                        return false;
                    }

                    buffer[count++] = v;
                }
            }

            int offset = lower - (n - count);
            if (offset < 0)
            {
                return false;
            }

            var high = buffer.AsSpan(0, count);
            a = Select(high, offset);
            b = upper == lower ? a : Min(high[(offset + 1)..]);
            return true;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
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
