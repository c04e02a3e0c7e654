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

    public static TheoryData<string, bool> HighCases() => new()
    {
        { "uniform", false }, { "uniform", true }, { "ties", false }, { "ties", true },
        { "sorted", false }, { "reversed", true }, { "mostly-zero", false }, { "mostly-zero", true }, { "gradient", true },
    };

    [Theory]
    [MemberData(nameof(HighCases))]
    public void Select_high_agrees_with_sorting_or_declines(string kind, bool absolute)
    {
        const int n = 256 * 256;
        var random = new Random(kind.Length + (absolute ? 100 : 0));
        var values = kind switch
        {
            "uniform" => Enumerable.Range(0, n).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray(),
            "ties" => Enumerable.Range(0, n).Select(_ => (float)random.Next(-5, 6)).ToArray(),
            "sorted" => Enumerable.Range(0, n).Select(i => (float)i).ToArray(),
            "reversed" => Enumerable.Range(0, n).Select(i => (float)-i).ToArray(),
            "mostly-zero" => Enumerable.Range(0, n).Select(_ => random.NextDouble() < 0.995 ? 0f : (float)random.NextDouble()).ToArray(),
            _ => Enumerable.Range(0, n).Select(i => (float)Math.Sin(i % 256 / 40.0) * (i / 256)).ToArray(),
        };
        var sorted = values.Select(v => absolute ? Math.Abs(v) : v).Order().ToArray();
        int accepted = 0;
        foreach (var lower in new[] { n - 1, n - 2, (int)((n - 1) * 0.99), (int)((n - 1) * 0.95), n / 2 })
        {
            int upper = Math.Min(lower + 1, n - 1);
            if (OrderStatistics.TrySelectHigh(values, absolute, lower, upper, out var a, out var b))
            {
                accepted++;
                Assert.Equal(sorted[lower], a);
                Assert.Equal(sorted[upper], b);
            }
        }

        if (kind is "uniform" or "sorted")
        {
            Assert.True(accepted >= 3, $"fast path taken {accepted} times"); // the top ranks of plain data take the fast path
        }
    }
}
