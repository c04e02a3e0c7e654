namespace Saliency.TestFixtures;

/// <summary>
/// A deliberately naive, independent implementation of the metric definitions in docs/metrics.md, for tests:
/// percentiles by sorting (numpy's linear rule written out directly), distances by checking every defect pixel,
/// sums in plain loops. Quadratic in the image size: small images only. Rectifier names: All, Abs, ReLU.
/// Returns (NaN, NaN) for an empty mask or an all-zero normalised map.
/// </summary>
public static class BruteForcePointingGame
{
    public static (double Distance, double Energy) Score(float[] map, byte[] mask, int height, int width, string rectifier, double percentile)
    {
        var s = Normalise(map, rectifier, percentile);
        var d = NormalisedDistances(mask, height, width);
        double inside = 0, outside = 0, total = 0;
        for (int i = 0; i < s.Length; i++)
        {
            total += s[i];
            if (mask[i] != 0)
            {
                inside += s[i];
            }
            else
            {
                outside += s[i] * d[i];
            }
        }

        if (!mask.Any(m => m != 0) || total == 0)
        {
            return (double.NaN, double.NaN);
        }

        return (inside / (inside + outside), inside / total);
    }

    public static double[] Normalise(float[] map, string rectifier, double percentile)
    {
        var r = map.Select(x => rectifier switch
        {
            "All" => (double)x,
            "Abs" => Math.Abs((double)x),
            "ReLU" => Math.Max((double)x, 0),
            _ => throw new ArgumentException(rectifier),
        }).ToArray();
        double min = r.Min();
        double q = NumpyPercentile(r, percentile);
        return r.Select(x => q == min ? (x > min ? 1.0 : 0.0) : Math.Clamp((x - min) / (q - min), 0, 1)).ToArray();
    }

    /// <summary>numpy.percentile(values, p) with the default linear method, by sorting.</summary>
    public static double NumpyPercentile(IEnumerable<double> values, double p)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        double h = (sorted.Length - 1) * p / 100.0;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((sorted[hi] - sorted[lo]) * (h - lo));
    }

    /// <summary>Distance from each pixel to the nearest nonzero mask pixel over sqrt(H^2 + W^2); +inf with no defect.</summary>
    public static double[] NormalisedDistances(byte[] mask, int height, int width)
    {
        double diagonal = Math.Sqrt((height * height) + (width * width));
        var result = new double[mask.Length];
        for (int i = 0; i < mask.Length; i++)
        {
            double best = double.PositiveInfinity;
            for (int j = 0; j < mask.Length; j++)
            {
                if (mask[j] != 0)
                {
                    best = Math.Min(best, Math.Sqrt(Math.Pow((i / width) - (j / width), 2) + Math.Pow((i % width) - (j % width), 2)));
                }
            }

            result[i] = best / diagonal;
        }

        return result;
    }
}
