using Saliency.Core.Metrics;

namespace Saliency.Core.Tests.Metrics;

public class OrderStatisticsTests
{
    [Theory]
    [InlineData(1, 1000)]
    [InlineData(7, 1000)]
    [InlineData(1000, 1000)]
    [InlineData(5000, 3)] // many duplicates
    [InlineData(2, 2)]
    public void Select_returns_the_kth_smallest_and_partitions(int length, int distinct)
    {
        var random = new Random(length + distinct);
        var values = Enumerable.Range(0, length).Select(_ => (float)random.Next(distinct) - (distinct / 2)).ToArray();
        var sorted = values.Order().ToArray();
        foreach (var k in new[] { 0, length / 3, length / 2, length - 1, (int)(0.99 * (length - 1)) })
        {
            var work = (float[])values.Clone();
            Assert.Equal(sorted[k], OrderStatistics.Select(work, k));
            Assert.All(work[..k], v => Assert.True(v <= sorted[k]));
            Assert.All(work[(k + 1)..], v => Assert.True(v >= sorted[k]));
            Assert.Equal(sorted, work.Order().ToArray()); // a permutation
        }
    }

    [Fact]
    public void Select_handles_sorted_and_reversed_input()
    {
        var ascending = Enumerable.Range(0, 4096).Select(i => (float)i).ToArray();
        var descending = ascending.Reverse().ToArray();
        Assert.Equal(4000f, OrderStatistics.Select(ascending, 4000));
        Assert.Equal(17f, OrderStatistics.Select(descending, 17));
    }
}
