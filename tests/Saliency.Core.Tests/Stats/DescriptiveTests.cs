using Saliency.Core.Stats;

namespace Saliency.Core.Tests.Stats;

public class DescriptiveTests
{
    [Theory]
    // numpy: h = (n - 1) p / 100; interpolate between sorted[floor(h)] and the next.
    [InlineData(new double[] { 1, 2, 3, 4 }, 99, 3.97)] // h = 2.97: 3 + 0.97 (4 - 3)
    [InlineData(new double[] { 1, 2, 3, 4 }, 50, 2.5)] // h = 1.5
    [InlineData(new double[] { 1, 2, 3, 4 }, 25, 1.75)] // h = 0.75
    [InlineData(new double[] { 1, 2, 3, 4 }, 75, 3.25)] // h = 2.25
    [InlineData(new double[] { 4, 1, 3, 2 }, 100, 4)]
    [InlineData(new double[] { 4, 1, 3, 2 }, 0, 1)]
    [InlineData(new double[] { 10, 0 }, 10, 1)] // h = 0.1: 0 + 0.1 * 10
    [InlineData(new double[] { 7 }, 37, 7)]
    [InlineData(new double[] { 15, 20, 35, 40, 50 }, 40, 29)] // h = 1.6: 20 + 0.6 * 15
    [InlineData(new double[] { 5, 5, 5, 1 }, 99, 5)]
    public void Percentile_follows_numpy_linear_rule(double[] values, double p, double expected)
    {
        Assert.Equal(expected, Descriptive.Percentile(values, p), 1e-12);
    }

    [Fact]
    public void Median_of_odd_and_even_counts()
    {
        Assert.Equal(3, Descriptive.Median([5, 1, 3]));
        Assert.Equal(2.5, Descriptive.Median([4, 1, 3, 2]));
    }

    [Fact]
    public void Percentile_does_not_modify_input()
    {
        double[] values = [3, 1, 2];
        Descriptive.Percentile(values, 50);
        Assert.Equal([3.0, 1, 2], values);
    }

    [Fact]
    public void Quartiles_and_percentiles_agree_with_single_percentiles()
    {
        var random = new Random(5);
        var values = Enumerable.Range(0, 101).Select(_ => random.NextDouble() * 100).ToArray();
        var q = Descriptive.Quartiles(values);

        // With 101 values h = p: the quartiles are exactly order statistics 25, 50, 75.
        var sorted = values.Order().ToArray();
        Assert.Equal(sorted[25], q.Q1);
        Assert.Equal(sorted[50], q.Median);
        Assert.Equal(sorted[75], q.Q3);
        Assert.Equal(sorted[75] - sorted[25], q.InterquartileRange);
        Assert.Equal([sorted[5], sorted[95], sorted[99]], Descriptive.Percentiles(values, [5, 95, 99]));
    }

    [Fact]
    public void Mean_is_the_arithmetic_mean()
    {
        Assert.Equal(2.5, Descriptive.Mean([1, 2, 3, 4]));
    }

    [Fact]
    public void Empty_input_throws_a_clear_error()
    {
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => Descriptive.Median([])).Message);
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => Descriptive.Mean([])).Message);
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => Descriptive.Quartiles([])).Message);
    }

    [Fact]
    public void NaN_input_and_bad_percentiles_are_rejected()
    {
        Assert.Contains("NaN", Assert.Throws<ArgumentException>(() => Descriptive.Median([1, double.NaN])).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Descriptive.Percentile([1, 2], 101));
        Assert.Throws<ArgumentOutOfRangeException>(() => Descriptive.Percentile([1, 2], -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Descriptive.Percentile([1, 2], double.NaN));
    }

    [Fact]
    public void Summary_of_sample_and_of_empty_sample()
    {
        var s = Summary.Of([4, 1, 3, 2]);
        Assert.Equal(new Summary(4, 2.5, 1, 1.75, 2.5, 3.25, 4), s);

        var empty = Summary.Of([]);
        Assert.Equal(0, empty.Count);
        Assert.True(double.IsNaN(empty.Median));
        Assert.True(double.IsNaN(empty.Mean));
    }

    [Fact]
    public void Percentile_rule_ranks_and_numpy_lerp()
    {
        Assert.Equal((2, 3), (PercentileRule.Ranks(4, 99).Lower, PercentileRule.Ranks(4, 99).Upper));
        Assert.Equal((3, 3, 0.0), PercentileRule.Ranks(4, 100));
        Assert.Equal(3.97, PercentileRule.Interpolate(3, 4, 0.97), 1e-15);
        Assert.Equal(3.25, PercentileRule.Interpolate(3, 4, 0.25), 1e-15);
    }
}
