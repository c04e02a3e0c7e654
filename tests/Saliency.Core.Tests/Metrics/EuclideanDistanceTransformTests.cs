using Saliency.Core.Metrics;

namespace Saliency.Core.Tests.Metrics;

public class EuclideanDistanceTransformTests
{
    [Theory]
    [InlineData(1, 1, 0.5)]
    [InlineData(1, 17, 0.2)]
    [InlineData(23, 1, 0.1)]
    [InlineData(5, 5, 0.3)]
    [InlineData(13, 29, 0.05)]
    [InlineData(40, 17, 0.01)]
    [InlineData(64, 64, 0.002)]
    [InlineData(31, 48, 0.6)]
    public void Matches_brute_force_on_random_masks(int height, int width, double density)
    {
        var random = new Random((height * 1000) + width);
        for (int trial = 0; trial < 3; trial++)
        {
            var mask = new byte[height * width];
            for (int i = 0; i < mask.Length; i++)
            {
                mask[i] = random.NextDouble() < density ? (byte)random.Next(1, 256) : (byte)0;
            }

            var actual = EuclideanDistanceTransform.SquaredDistances(mask, height, width);
            Assert.Equal(BruteForceSquared(mask, height, width), actual);
        }
    }

    [Fact]
    public void Single_pixel_gives_distance_to_it_everywhere()
    {
        const int h = 6, w = 9;
        var mask = new byte[h * w];
        mask[(4 * w) + 2] = 1;
        var d = EuclideanDistanceTransform.Distances(mask, h, w);
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                Assert.Equal(Math.Sqrt(((y - 4) * (y - 4)) + ((x - 2) * (x - 2))), d[(y * w) + x], 1e-12);
            }
        }
    }

    [Fact]
    public void Full_mask_is_zero_and_empty_mask_is_infinite()
    {
        var full = Enumerable.Repeat((byte)1, 12).ToArray();
        Assert.All(EuclideanDistanceTransform.SquaredDistances(full, 3, 4), v => Assert.Equal(0, v));
        Assert.All(EuclideanDistanceTransform.SquaredDistances(new byte[12], 3, 4), v => Assert.True(double.IsPositiveInfinity(v)));
    }

    [Fact]
    public void Size_mismatch_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => EuclideanDistanceTransform.SquaredDistances(new byte[11], 3, 4));
    }

    private static double[] BruteForceSquared(byte[] mask, int height, int width)
    {
        var result = new double[mask.Length];
        for (int i = 0; i < mask.Length; i++)
        {
            double best = double.PositiveInfinity;
            for (int j = 0; j < mask.Length; j++)
            {
                if (mask[j] != 0)
                {
                    double dy = (i / width) - (j / width), dx = (i % width) - (j % width);
                    best = Math.Min(best, (dy * dy) + (dx * dx));
                }
            }

            result[i] = best;
        }

        return result;
    }
}
