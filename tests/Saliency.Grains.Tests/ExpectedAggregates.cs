using Saliency.Contracts;

namespace Saliency.Grains.Tests;

/// <summary>
/// The aggregates a sweep over <see cref="TestWorkload"/> must produce, computed directly from the score function
/// with a separate implementation of numpy's linear percentile (independent of the aggregator's code).
/// </summary>
internal static class ExpectedAggregates
{
    public static double NumpyPercentile(IReadOnlyList<double> values, double p)
    {
        var a = values.OrderBy(v => v).ToArray();
        var rank = p / 100.0 * (a.Length - 1);
        var lo = (int)rank;
        var hi = Math.Min(lo + 1, a.Length - 1);
        return a[lo] + ((a[hi] - a[lo]) * (rank - lo));
    }

    public static void AssertMatches(TrialAggregate actual, IReadOnlyList<int> samples, int skipped, IReadOnlyList<string> normalisations)
    {
        var done = samples.Where(s => s != skipped).ToList();
        Assert.Equal(done.Count, actual.Done);
        Assert.Equal(samples.Count - done.Count, actual.Skipped);
        Assert.Equal(0, actual.Failed);
        foreach (var n in normalisations)
        {
            var agg = actual.Normalisations.Single(x => x.Normalisation == n);
            var d = done.Select(s => TestWorkload.Distance(actual.VariantId, s, n)).ToList();
            var e = done.Select(s => TestWorkload.Energy(actual.VariantId, s, n)).ToList();
            Assert.Equal(d.Count, agg.Distance.Count);
            Assert.Equal(NumpyPercentile(d, 50), agg.Distance.Median, 12);
            Assert.Equal(NumpyPercentile(d, 25), agg.Distance.Q1, 12);
            Assert.Equal(NumpyPercentile(d, 75), agg.Distance.Q3, 12);
            Assert.Equal(d.Average(), agg.Distance.Mean, 12);
            Assert.Equal(NumpyPercentile(e, 50), agg.Energy.Median, 12);
        }

        var fps = done.Select(s => 10.0 + s).ToList();
        Assert.Equal(NumpyPercentile(fps, 5), actual.Fps.P5, 9);
        Assert.Equal(NumpyPercentile(fps, 50), actual.Fps.P50, 9);
        Assert.Equal(NumpyPercentile(fps, 95), actual.Fps.P95, 9);
        Assert.Equal(NumpyPercentile(fps, 99), actual.Fps.P99, 9);
    }
}
