using Saliency.Core.Metrics;

namespace Saliency.Core.Tests.Metrics;

public class PixelRankingTests
{
    [Fact]
    public void Signed_order_is_largest_first_with_ties_by_index()
    {
        // Values 0.5, 2, 2, -3: order pixel 1 (2), pixel 2 (2, tie, later index), pixel 0 (0.5), pixel 3 (-3).
        Assert.Equal([2, 0, 1, 3], PixelRanking.Ranks([0.5f, 2f, 2f, -3f], absolute: false));
    }

    [Fact]
    public void Absolute_order_ranks_magnitudes()
    {
        // Magnitudes 0.5, 2, 2, 3: pixel 3, then 1, 2, then 0.
        Assert.Equal([3, 1, 2, 0], PixelRanking.Ranks([0.5f, 2f, -2f, -3f], absolute: true));
    }

    [Fact]
    public void Rejects_non_finite_values()
    {
        Assert.Throws<ArgumentException>(() => PixelRanking.Ranks([1f, float.PositiveInfinity], absolute: false));
    }
}
