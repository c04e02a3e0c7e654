namespace Saliency.Core.Metrics;

/// <summary>
/// Exact Euclidean distance transform (Felzenszwalb and Huttenlocher, "Distance Transforms of Sampled Functions",
/// 2012): a 1-D lower envelope of parabolas along every column, then along every row of the result. O(H W).
/// Distances are in pixels between pixel centres; pixels are unit squares on a regular grid.
/// </summary>
public static class EuclideanDistanceTransform
{
    /// <summary>
    /// Squared distance from every pixel to the nearest feature pixel (nonzero in <paramref name="mask"/>; row-major
    /// H x W). Feature pixels get 0. With no feature pixel at all every distance is <see cref="double.PositiveInfinity"/>.
    /// Finite results are exact integers.
    /// </summary>
    public static double[] SquaredDistances(ReadOnlySpan<byte> mask, int height, int width)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        if (mask.Length != height * width)
        {
            throw new ArgumentException($"mask has {mask.Length} values, expected {height} x {width}", nameof(mask));
        }

        var result = new double[mask.Length];
        int longest = Math.Max(height, width);
        var f = new double[longest];
        var d = new double[longest];
        var sites = new int[longest];
        var bounds = new double[longest + 1];

        // Columns: 0 on feature pixels, infinity elsewhere.
        for (int x = 0; x < width; x++)
        {
            for (int y = 0; y < height; y++)
            {
                f[y] = mask[(y * width) + x] != 0 ? 0 : double.PositiveInfinity;
            }

            LowerEnvelope(f.AsSpan(0, height), d.AsSpan(0, height), sites, bounds);
            for (int y = 0; y < height; y++)
            {
                result[(y * width) + x] = d[y];
            }
        }

        // Rows of the column result.
        for (int y = 0; y < height; y++)
        {
            var row = result.AsSpan(y * width, width);
            row.CopyTo(f);
            LowerEnvelope(f.AsSpan(0, width), row, sites, bounds);
        }

        return result;
    }

    /// <summary>Euclidean distance (square root of <see cref="SquaredDistances"/>).</summary>
    public static double[] Distances(ReadOnlySpan<byte> mask, int height, int width)
    {
        var result = SquaredDistances(mask, height, width);
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = Math.Sqrt(result[i]);
        }

        return result;
    }

    /// <summary>
    /// d[q] = min over p of (q - p)^2 + f[p], over the sites p where f is finite; all infinity when there is none.
    /// </summary>
    private static void LowerEnvelope(ReadOnlySpan<double> f, Span<double> d, Span<int> sites, Span<double> bounds)
    {
        int n = f.Length;
        int k = -1;
        for (int q = 0; q < n; q++)
        {
            if (double.IsPositiveInfinity(f[q]))
            {
                continue;
            }

            if (k < 0)
            {
                k = 0;
                sites[0] = q;
                bounds[0] = double.NegativeInfinity;
                bounds[1] = double.PositiveInfinity;
                continue;
            }

            double s = Intersection(f, q, sites[k]);
            while (s <= bounds[k])
            {
                k--;
                s = Intersection(f, q, sites[k]);
            }

            k++;
            sites[k] = q;
            bounds[k] = s;
            bounds[k + 1] = double.PositiveInfinity;
        }

        if (k < 0)
        {
            d.Fill(double.PositiveInfinity);
            return;
        }

        k = 0;
        for (int q = 0; q < n; q++)
        {
            while (bounds[k + 1] < q)
            {
                k++;
            }

            double dq = q - sites[k];
            d[q] = (dq * dq) + f[sites[k]];
        }
    }

    /// <summary>Abscissa where the parabolas rooted at sites q and p (p &lt; q) intersect.</summary>
    private static double Intersection(ReadOnlySpan<double> f, int q, int p) =>
        ((f[q] + ((double)q * q)) - (f[p] + ((double)p * p))) / (2.0 * (q - p));
}
