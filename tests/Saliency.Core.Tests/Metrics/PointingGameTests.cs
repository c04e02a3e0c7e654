using Saliency.Core.Metrics;
using Saliency.TestFixtures;

namespace Saliency.Core.Tests.Metrics;

public class PointingGameTests
{
    private const int N = 5;

    // 5 x 5 image, defect = the centre pixel (2, 2). Diagonal = sqrt(25 + 25) = 5 sqrt(2).
    private static readonly MaskDistanceField Centre = MaskDistanceField.FromMask(MaskWith((2, 2)), N, N);

    [Fact]
    public void Hand_worked_5x5_non_negative_map()
    {
        // Raw map: centre 4, (2, 4) = 2 (distance 2 from the centre), (0, 0) = 1 (distance 2 sqrt 2), zeros elsewhere.
        // All-100: min 0, max 4, S = x / 4: centre 1, (2, 4) 0.5, (0, 0) 0.25.
        // inside = 1; outside = 0.5 * 2 / (5 sqrt 2) + 0.25 * 2 sqrt 2 / (5 sqrt 2) = sqrt(2) / 10 + 0.1.
        // distance = 1 / (1.1 + sqrt(2) / 10) = 10 / (11 + sqrt 2); energy = 1 / 1.75 = 4 / 7.
        var map = new float[N * N];
        map[(2 * N) + 2] = 4;
        map[(2 * N) + 4] = 2;
        map[0] = 1;
        var s = PointingGame.Score(map, Centre, Normalisation.Parse("All-100"));
        Assert.Equal(ScoreOutcome.Defined, s.Outcome);
        Assert.Equal(10 / (11 + Math.Sqrt(2)), s.Distance, 1e-12);
        Assert.Equal(4.0 / 7, s.Energy, 1e-12);

        // The same S given directly.
        var normalised = map.Select(x => x / 4).ToArray();
        var direct = PointingGame.ScoreNormalised(normalised, Centre);
        Assert.Equal(s.Distance, direct.Distance, 1e-12);
        Assert.Equal(s.Energy, direct.Energy, 1e-12);
    }

    [Fact]
    public void Hand_worked_5x5_signed_map_under_all_six_normalisations()
    {
        // Raw map: centre +2, corner (0, 0) -2, the other 23 pixels 0. Sorted: -2, 0 x 23, 2.
        var map = new float[N * N];
        map[(2 * N) + 2] = 2;
        map[0] = -2;
        var scores = PointingGame.ScoreAll(map, Centre).ToDictionary(r => r.Normalisation.Name, r => r.Scores);

        // Distances from the centre of the 23 zero pixels: 4 at 1, 4 at sqrt 2, 4 at 2, 8 at sqrt 5, 3 corners at 2 sqrt 2;
        // sum = 12 + 10 sqrt 2 + 8 sqrt 5.
        double zeroDistanceSum = (12 + (10 * Math.Sqrt(2)) + (8 * Math.Sqrt(5))) / (5 * Math.Sqrt(2));

        // All-100: min -2, max 2: S = (x + 2) / 4: centre 1, corner 0, zeros 0.5.
        Assert.Equal(1 / (1 + (0.5 * zeroDistanceSum)), scores["All-100"].Distance, 1e-12);
        Assert.Equal(1 / (1 + (23 * 0.5)), scores["All-100"].Energy, 1e-12);

        // Abs-100: centre 1, corner 1 (distance 2 sqrt 2 / 5 sqrt 2 = 0.4): distance 1 / 1.4, energy 1 / 2.
        Assert.Equal(1 / 1.4, scores["Abs-100"].Distance, 1e-12);
        Assert.Equal(0.5, scores["Abs-100"].Energy, 1e-12);

        // ReLU-100: only the centre is nonzero.
        Assert.Equal(1, scores["ReLU-100"].Distance, 1e-12);
        Assert.Equal(1, scores["ReLU-100"].Energy, 1e-12);

        // All-99: h = 24 * 0.99 = 23.76 between sorted[23] = 0 and sorted[24] = 2: q = 1.52; S = (x + 2) / 3.52,
        // so the centre clips to 1, zeros are 2 / 3.52, the corner 0.
        double zero99 = 2 / 3.52;
        Assert.Equal(1 / (1 + (zero99 * zeroDistanceSum)), scores["All-99"].Distance, 1e-12);
        Assert.Equal(1 / (1 + (23 * zero99)), scores["All-99"].Energy, 1e-12);

        // Abs-99: sorted |x| = 0 x 23, 2, 2: q = 2, as Abs-100.
        Assert.Equal(1 / 1.4, scores["Abs-99"].Distance, 1e-12);
        Assert.Equal(0.5, scores["Abs-99"].Energy, 1e-12);

        // ReLU-99: sorted = 0 x 24, 2: q = 1.52, centre clips to 1, rest 0.
        Assert.Equal(1, scores["ReLU-99"].Distance, 1e-12);
        Assert.Equal(1, scores["ReLU-99"].Energy, 1e-12);
    }

    [Theory]
    [InlineData(6, 6, 3)]
    [InlineData(9, 14, 5)]
    [InlineData(17, 5, 1)]
    [InlineData(24, 24, 40)]
    public void All_six_match_brute_force_on_random_maps_and_masks(int height, int width, int defects)
    {
        var random = new Random(height + (31 * width));
        for (int trial = 0; trial < 4; trial++)
        {
            var map = Enumerable.Range(0, height * width)
                .Select(_ => (float)(random.NextDouble() < 0.3 ? 0 : (random.NextDouble() * 3) - 1)).ToArray();
            var mask = new byte[height * width];
            for (int i = 0; i < defects; i++)
            {
                mask[random.Next(mask.Length)] = 255;
            }

            var field = MaskDistanceField.FromMask(mask, height, width);
            var results = PointingGame.ScoreAll(map, field);
            Assert.Equal(6, results.Count);
            foreach (var (normalisation, scores) in results)
            {
                var (distance, energy) = BruteForcePointingGame.Score(map, mask, height, width, normalisation.Rectifier.ToString(), normalisation.Percentile);
                Assert.Equal(distance, scores.Distance, 1e-9);
                Assert.Equal(energy, scores.Energy, 1e-9);
            }
        }
    }

    [Fact]
    public void Distance_field_matches_brute_force_normalised_distances()
    {
        var random = new Random(3);
        var mask = Enumerable.Range(0, 11 * 7).Select(_ => random.NextDouble() < 0.1 ? (byte)1 : (byte)0).ToArray();
        mask[5] = 1;
        var field = MaskDistanceField.FromMask(mask, 11, 7);
        var expected = BruteForcePointingGame.NormalisedDistances(mask, 11, 7);
        Assert.Equal(expected.Length, field.NormalisedDistance.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], field.NormalisedDistance[i], 1e-12);
        }

        Assert.Equal(mask.Count(m => m != 0), field.DefectPixelCount);
        Assert.Equal(Math.Sqrt(170), field.Diagonal, 1e-12);
    }

    [Fact]
    public void All_energy_inside_the_defect_scores_one()
    {
        var mask = MaskWith((1, 1), (1, 2), (2, 1), (2, 2));
        var field = MaskDistanceField.FromMask(mask, N, N);
        var map = mask.Select(m => m * 0.7f).ToArray();
        map[(1 * N) + 1] = 3;
        foreach (var (normalisation, scores) in PointingGame.ScoreAll(map, field))
        {
            Assert.True(scores.IsDefined, normalisation.Name);
            Assert.Equal(1, scores.Distance, 1e-12);
            Assert.Equal(1, scores.Energy, 1e-12);
        }
    }

    [Fact]
    public void Distance_score_falls_as_energy_moves_away_from_the_defect_while_energy_score_does_not_change()
    {
        // 1 x 12 strip, defect at x = 0, unit saliency there and a second unit at x = k, k = 1..11.
        const int width = 12;
        var mask = new byte[width];
        mask[0] = 1;
        var field = MaskDistanceField.FromMask(mask, 1, width);
        double previous = double.PositiveInfinity;
        for (int k = 1; k < width; k++)
        {
            var s = new float[width];
            s[0] = 1;
            s[k] = 1;
            var scores = PointingGame.ScoreNormalised(s, field);
            Assert.True(scores.Distance < previous, $"k = {k}");
            Assert.Equal(1 / (1 + (k / Math.Sqrt(1 + (width * width)))), scores.Distance, 1e-12);
            Assert.Equal(0.5, scores.Energy, 1e-12);
            previous = scores.Distance;
        }
    }

    [Theory]
    [InlineData(3.7)]
    [InlineData(0.001)]
    [InlineData(250)]
    public void Scores_are_invariant_to_scaling_the_map_by_a_positive_constant(double factor)
    {
        var random = new Random(21);
        var map = Enumerable.Range(0, 16 * 16).Select(_ => (float)((random.NextDouble() * 2) - 0.5)).ToArray();
        var mask = new byte[16 * 16];
        mask[(5 * 16) + 6] = mask[(5 * 16) + 7] = mask[(6 * 16) + 6] = 1;
        var field = MaskDistanceField.FromMask(mask, 16, 16);
        var scaled = map.Select(x => (float)(x * factor)).ToArray();
        var a = PointingGame.ScoreAll(map, field);
        var b = PointingGame.ScoreAll(scaled, field);
        for (int i = 0; i < a.Count; i++)
        {
            Assert.Equal(a[i].Scores.Distance, b[i].Scores.Distance, 1e-5);
            Assert.Equal(a[i].Scores.Energy, b[i].Scores.Energy, 1e-5);
        }
    }

    [Fact]
    public void Percentile_99_clips_an_outlier_so_the_rest_of_the_map_counts_more()
    {
        // 20 x 20, defect = left column; saliency 1 over the defect, one outlier of 1000 at the far right (0, 19),
        // at distance 19 from the defect: D = 19 / sqrt(800).
        const int side = 20;
        var mask = new byte[side * side];
        var map = new float[side * side];
        for (int y = 0; y < side; y++)
        {
            mask[y * side] = 1;
            map[y * side] = 1;
        }

        map[side - 1] = 1000;
        var field = MaskDistanceField.FromMask(mask, side, side);
        var scores = PointingGame.ScoreAll(map, field).ToDictionary(r => r.Normalisation.Name, r => r.Scores);
        double outlierDistance = 19 / Math.Sqrt(800);

        // ReLU-100: S = x / 1000: inside = 20 * 0.001, outside = 1 * D.
        Assert.Equal(0.02 / (0.02 + outlierDistance), scores["ReLU-100"].Distance, 1e-12);
        Assert.Equal(0.02 / 1.02, scores["ReLU-100"].Energy, 1e-12);

        // ReLU-99: sorted = 0 x 379, 1 x 20, 1000; h = 399 * 0.99 = 395.01 between sorted[395] = sorted[396] = 1:
        // q = 1, so the defect pixels are 1 and the outlier clips to 1: inside = 20, outside = D.
        Assert.Equal(20 / (20 + outlierDistance), scores["ReLU-99"].Distance, 1e-12);
        Assert.Equal(20 / 21.0, scores["ReLU-99"].Energy, 1e-12);
    }

    [Fact]
    public void Empty_mask_is_undefined_for_every_normalisation()
    {
        var field = MaskDistanceField.FromMask(new byte[N * N], N, N);
        Assert.True(field.IsEmpty);
        var map = Enumerable.Range(0, N * N).Select(i => (float)i).ToArray();
        foreach (var (_, scores) in PointingGame.ScoreAll(map, field))
        {
            Assert.Equal(ScoreOutcome.EmptyMask, scores.Outcome);
            Assert.True(double.IsNaN(scores.Distance));
            Assert.True(double.IsNaN(scores.Energy));
            Assert.Equal("empty mask", scores.UndefinedReason);
        }
    }

    [Fact]
    public void Zero_or_constant_or_negative_map_is_undefined_where_the_normalised_map_is_zero()
    {
        var constant = Enumerable.Repeat(2.5f, N * N).ToArray();
        Assert.All(PointingGame.ScoreAll(constant, Centre), r => Assert.Equal(ScoreOutcome.ZeroSaliency, r.Scores.Outcome));

        // All negative: ReLU gives zeros (undefined); All and Abs are defined.
        var negative = Enumerable.Range(0, N * N).Select(i => -1f - i).ToArray();
        var scores = PointingGame.ScoreAll(negative, Centre).ToDictionary(r => r.Normalisation.Name, r => r.Scores);
        Assert.Equal(ScoreOutcome.ZeroSaliency, scores["ReLU-100"].Outcome);
        Assert.Equal(ScoreOutcome.ZeroSaliency, scores["ReLU-99"].Outcome);
        Assert.True(scores["All-100"].IsDefined);
        Assert.True(scores["Abs-99"].IsDefined);

        Assert.Equal(ScoreOutcome.ZeroSaliency, PointingGame.ScoreNormalised(new float[N * N], Centre).Outcome);
    }

    [Fact]
    public void Full_mask_scores_one()
    {
        var field = MaskDistanceField.FromMask(Enumerable.Repeat((byte)1, N * N).ToArray(), N, N);
        var map = Enumerable.Range(0, N * N).Select(i => (float)Math.Sin(i)).ToArray();
        Assert.All(PointingGame.ScoreAll(map, field), r => Assert.Equal(1, r.Scores.Distance, 12));
    }

    [Fact]
    public void Bad_inputs_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => PointingGame.ScoreAll(new float[24], Centre));
        var nan = new float[N * N];
        nan[3] = float.NaN;
        Assert.Throws<ArgumentException>(() => PointingGame.ScoreAll(nan, Centre));
        var negative = new float[N * N];
        negative[3] = -1;
        Assert.Throws<ArgumentException>(() => PointingGame.ScoreNormalised(negative, Centre));
    }

    [Fact]
    public void Cache_builds_each_field_once_and_evicts_least_recently_used()
    {
        var cache = new MaskDistanceFieldCache(capacity: 2);
        int builds = 0;
        MaskDistanceField Build()
        {
            builds++;
            return Centre;
        }

        Assert.Same(Centre, cache.GetOrCreate("a", Build));
        cache.GetOrCreate("a", Build);
        cache.GetOrCreate("b", Build);
        Assert.Equal(2, builds);
        cache.GetOrCreate("a", Build); // a is now most recent
        cache.GetOrCreate("c", Build); // evicts b
        Assert.Equal(3, builds);
        Assert.Equal(2, cache.Count);
        cache.GetOrCreate("a", Build);
        Assert.Equal(3, builds);
        cache.GetOrCreate("b", Build);
        Assert.Equal(4, builds);
    }

    private static byte[] MaskWith(params (int Y, int X)[] pixels)
    {
        var mask = new byte[N * N];
        foreach (var (y, x) in pixels)
        {
            mask[(y * N) + x] = 1;
        }

        return mask;
    }
}
