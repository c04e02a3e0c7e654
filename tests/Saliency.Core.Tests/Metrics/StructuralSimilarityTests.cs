using Saliency.Core.Metrics;

namespace Saliency.Core.Tests.Metrics;

public class StructuralSimilarityTests
{
    public static TheoryData<string> GoldenCases() => SimilarityGolden.Names("ssim");

    [Theory]
    [MemberData(nameof(GoldenCases))]
    public void Matches_scikit_image_structural_similarity(string name)
    {
        var c = SimilarityGolden.Case("ssim", name);
        var a = SimilarityGolden.Floats(c, "a");
        var b = SimilarityGolden.Floats(c, "b");
        int height = c.GetProperty("height").GetInt32(), width = c.GetProperty("width").GetInt32();
        double ssim = c.GetProperty("absolute").GetBoolean()
            ? StructuralSimilarity.OfAbsoluteMaps(a, b, height, width)
            : StructuralSimilarity.Mean([.. a.Select(v => (double)v)], [.. b.Select(v => (double)v)], height, width, 1);
        Assert.Equal(c.GetProperty("ssim").GetDouble(), ssim, 12);
    }

    [Fact]
    public void Identical_images_score_one_and_scaling_a_map_does_not_change_the_absolute_variant()
    {
        var rng = new Random(3);
        var a = Enumerable.Range(0, 100).Select(_ => rng.NextDouble()).ToArray();
        Assert.Equal(1, StructuralSimilarity.Mean(a, a, 10, 10, 1), 14);
        Assert.Equal(1, StructuralSimilarity.Mean(new double[49], new double[49], 7, 7, 1), 14);

        var map = a.Select(v => (float)(v - 0.5)).ToArray();
        var scaled = map.Select(v => -3 * v).ToArray();
        Assert.Equal(1, StructuralSimilarity.OfAbsoluteMaps(map, scaled, 10, 10), 6);
    }

    [Fact]
    public void Rejects_images_smaller_than_the_window_and_bad_ranges()
    {
        Assert.Throws<ArgumentException>(() => StructuralSimilarity.Mean(new double[36], new double[36], 6, 6, 1));
        Assert.Throws<ArgumentException>(() => StructuralSimilarity.Mean(new double[49], new double[49], 7, 7, 0));
        Assert.Throws<ArgumentException>(() => StructuralSimilarity.Mean(new double[49], new double[48], 7, 7, 1));
    }
}
