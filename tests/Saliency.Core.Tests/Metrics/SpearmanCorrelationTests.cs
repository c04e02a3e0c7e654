using Saliency.Core.Metrics;

namespace Saliency.Core.Tests.Metrics;

public class SpearmanCorrelationTests
{
    public static TheoryData<string> GoldenCases() => SimilarityGolden.Names("spearman");

    [Theory]
    [MemberData(nameof(GoldenCases))]
    public void Matches_scipy_spearmanr(string name)
    {
        var c = SimilarityGolden.Case("spearman", name);
        var rho = SpearmanCorrelation.Of(SimilarityGolden.Floats(c, "a"), SimilarityGolden.Floats(c, "b"));
        Assert.Equal(c.GetProperty("rho").GetDouble(), rho, 12);
    }

    [Fact]
    public void Average_ranks_share_tied_positions()
    {
        // Textbook: 10 < 20 = 20 < 30 gets ranks 1, (2 + 3) / 2, (2 + 3) / 2, 4; input order kept.
        Assert.Equal([2.5, 1, 4, 2.5], SpearmanCorrelation.AverageRanks([20f, 10f, 30f, 20f]));
        Assert.Equal([2, 2, 2], SpearmanCorrelation.AverageRanks([7f, 7f, 7f]));
    }

    [Fact]
    public void Monotone_transforms_give_plus_or_minus_one_and_a_constant_sample_gives_nan()
    {
        float[] a = [0.1f, 5f, -2f, 3f, 3.5f];
        Assert.Equal(1, SpearmanCorrelation.Of(a, [.. a.Select(v => MathF.Exp(v))]), 15);
        Assert.Equal(-1, SpearmanCorrelation.Of(a, [.. a.Select(v => -v * v * v)]), 15);
        Assert.True(double.IsNaN(SpearmanCorrelation.Of(a, [1f, 1f, 1f, 1f, 1f])));
    }

    [Fact]
    public void Absolute_variant_ranks_magnitudes()
    {
        // |a| = 1, 2, 3 and |b| = 1, 2, 3: rho 1, though the signed samples are exactly opposite (b = -a: rho -1).
        Assert.Equal(1, SpearmanCorrelation.OfAbsolute([-1f, 2f, -3f], [1f, -2f, 3f]), 15);
        Assert.Equal(-1, SpearmanCorrelation.Of([-1f, 2f, -3f], [1f, -2f, 3f]), 15);
    }

    [Fact]
    public void Rejects_mismatched_or_nan_samples()
    {
        Assert.Throws<ArgumentException>(() => SpearmanCorrelation.Of([1f, 2f], [1f]));
        Assert.Throws<ArgumentException>(() => SpearmanCorrelation.Of([1f], [1f]));
        Assert.Throws<ArgumentException>(() => SpearmanCorrelation.Of([1f, float.NaN], [1f, 2f]));
    }
}
