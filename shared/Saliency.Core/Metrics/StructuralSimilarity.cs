namespace Saliency.Core.Metrics;

/// <summary>
/// Mean structural similarity (SSIM, Wang et al. 2004) of two H x W images as scikit-image's
/// <c>structural_similarity</c> computes it with its defaults: 7 x 7 uniform window, sample covariances (factor
/// 49 / 48), K1 = 0.01, K2 = 0.03, constants C1 = (K1 R)^2 and C2 = (K2 R)^2 for the data range R, and the mean
/// taken over the windows that lie wholly inside the image (scikit-image filters with reflected borders and then
/// crops 3 pixels from every side, so border handling never reaches the mean). Double precision.
/// </summary>
public static class StructuralSimilarity
{
    public const int Window = 7;
    private const double K1 = 0.01;
    private const double K2 = 0.03;

    /// <summary>
    /// Mean SSIM of <paramref name="a"/> and <paramref name="b"/> (row-major H x W), 1 for identical images; in
    /// [-1, 1].
    /// </summary>
    /// <exception cref="ArgumentException">Sizes that do not match, an image smaller than 7 x 7, a data range that
    /// is not positive, or a value that is not finite.</exception>
    public static double Mean(ReadOnlySpan<double> a, ReadOnlySpan<double> b, int height, int width, double dataRange)
    {
        if (a.Length != height * width || b.Length != height * width)
        {
            throw new ArgumentException($"images of {a.Length} and {b.Length} values for {height} x {width}", nameof(b));
        }

        if (height < Window || width < Window)
        {
            throw new ArgumentException($"SSIM needs an image of at least {Window} x {Window}, got {height} x {width}", nameof(height));
        }

        if (!(dataRange > 0) || !double.IsFinite(dataRange))
        {
            throw new ArgumentException($"data range must be positive, got {dataRange}", nameof(dataRange));
        }

        for (int i = 0; i < a.Length; i++)
        {
            if (!double.IsFinite(a[i]) || !double.IsFinite(b[i]))
            {
                throw new ArgumentException($"value {i} is not finite", nameof(a));
            }
        }

        // Window sums of x, y, x^2, y^2 and xy, separably: along rows, then along columns.
        int outH = height - Window + 1, outW = width - Window + 1;
        var products = new double[5][];
        for (int k = 0; k < 5; k++)
        {
            products[k] = new double[outH * outW];
        }

        var rows = new double[5][];
        for (int k = 0; k < 5; k++)
        {
            rows[k] = new double[height * outW];
        }

        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < outW; x++)
            {
                double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
                for (int d = 0; d < Window; d++)
                {
                    double u = a[(y * width) + x + d], v = b[(y * width) + x + d];
                    sx += u;
                    sy += v;
                    sxx += u * u;
                    syy += v * v;
                    sxy += u * v;
                }

                int at = (y * outW) + x;
                (rows[0][at], rows[1][at], rows[2][at], rows[3][at], rows[4][at]) = (sx, sy, sxx, syy, sxy);
            }
        }

        for (int k = 0; k < 5; k++)
        {
            for (int y = 0; y < outH; y++)
            {
                for (int x = 0; x < outW; x++)
                {
                    double s = 0;
                    for (int d = 0; d < Window; d++)
                    {
                        s += rows[k][((y + d) * outW) + x];
                    }

                    products[k][(y * outW) + x] = s;
                }
            }
        }

        const double n = Window * Window;
        const double covarianceNorm = n / (n - 1);
        double c1 = (K1 * dataRange) * (K1 * dataRange), c2 = (K2 * dataRange) * (K2 * dataRange);
        double total = 0;
        for (int i = 0; i < outH * outW; i++)
        {
            double ux = products[0][i] / n, uy = products[1][i] / n;
            double vx = covarianceNorm * ((products[2][i] / n) - (ux * ux));
            double vy = covarianceNorm * ((products[3][i] / n) - (uy * uy));
            double vxy = covarianceNorm * ((products[4][i] / n) - (ux * uy));
            total += ((2 * ux * uy) + c1) * ((2 * vxy) + c2) / (((ux * ux) + (uy * uy) + c1) * (vx + vy + c2));
        }

        return total / (outH * outW);
    }

    /// <summary>
    /// SSIM of two saliency maps after each is scaled to [0, 1] by its largest magnitude (|m| / max |m|; an all-zero
    /// map stays zero), with data range 1: Adebayo et al.'s comparison of absolute-value maps.
    /// </summary>
    public static double OfAbsoluteMaps(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int height, int width) =>
        Mean(AbsoluteScaled(a), AbsoluteScaled(b), height, width, 1);

    private static double[] AbsoluteScaled(ReadOnlySpan<float> map)
    {
        double max = 0;
        foreach (var v in map)
        {
            max = Math.Max(max, Math.Abs((double)v));
        }

        var scaled = new double[map.Length];
        for (int i = 0; i < map.Length; i++)
        {
            scaled[i] = max > 0 ? Math.Abs((double)map[i]) / max : 0;
        }

        return scaled;
    }
}
