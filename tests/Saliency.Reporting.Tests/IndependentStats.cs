namespace Saliency.Reporting.Tests;

/// <summary>Textbook statistics written for the tests (not the library's): median of the sorted values, and the
/// linear-interpolation percentile h = (n - 1) p / 100 (numpy's default rule).</summary>
internal static class IndependentStats
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
    }

    public static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        double h = (sorted.Length - 1) * p / 100;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((sorted[hi] - sorted[lo]) * (h - lo));
    }
}
