using Saliency.Core.Metrics;
using Saliency.TestFixtures;

namespace Saliency.Core.Tests.Metrics;

public class NormalisationTests
{
    [Fact]
    public void Table3_has_the_six_normalisations_in_the_study_order()
    {
        Assert.Equal(
            ["All-100", "Abs-100", "ReLU-100", "All-99", "Abs-99", "ReLU-99"],
            Normalisation.Table3.Select(n => n.Name));
    }

    [Theory]
    [InlineData("Abs-99", Rectifier.Abs, 99)]
    [InlineData("relu-100", Rectifier.ReLU, 100)]
    [InlineData("All-99.5", Rectifier.All, 99.5)]
    public void Parse_reads_names(string name, Rectifier rectifier, double percentile)
    {
        var n = Normalisation.Parse(name);
        Assert.Equal(new Normalisation(rectifier, percentile), n);
    }

    [Fact]
    public void Parse_round_trips_canonical_names()
    {
        foreach (var n in Normalisation.Table3)
        {
            Assert.Equal(n, Normalisation.Parse(n.Name));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("Abs")]
    [InlineData("Abs-0")]
    [InlineData("Abs-101")]
    [InlineData("Sqrt-99")]
    [InlineData("Abs-ninety")]
    [InlineData("0-99")]
    [InlineData("Abs--99")]
    public void Parse_rejects_bad_names_with_the_field(string name)
    {
        var e = Assert.Throws<InputException>(() => Normalisation.Parse(name));
        Assert.Equal("normalisation", e.Field);
        Assert.False(Normalisation.TryParse(name, out _));
    }

    [Theory]
    [InlineData("All", 100)]
    [InlineData("Abs", 100)]
    [InlineData("ReLU", 100)]
    [InlineData("All", 99)]
    [InlineData("Abs", 99)]
    [InlineData("ReLU", 99)]
    [InlineData("ReLU", 90)]
    [InlineData("All", 37.5)]
    public void Apply_matches_sort_based_reference_on_random_maps(string rectifier, double percentile)
    {
        var random = new Random(11);
        foreach (var length in new[] { 1, 2, 7, 100, 4097 })
        {
            var map = Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() * 2) - 0.7)).ToArray();
            var normalisation = new Normalisation(Enum.Parse<Rectifier>(rectifier), percentile);
            var actual = normalisation.Apply(map);
            var expected = BruteForcePointingGame.Normalise(map, rectifier, percentile);
            for (int i = 0; i < length; i++)
            {
                Assert.Equal(expected[i], actual[i], 1e-6);
            }
        }
    }

    [Theory]
    [InlineData("smooth")]
    [InlineData("sparse")]
    [InlineData("quantised")]
    public void Table3_ranges_match_sort_based_reference_on_256x256_maps(string kind)
    {
        const int side = 256;
        var random = new Random(kind.Length);
        var map = new float[side * side];
        for (int i = 0; i < map.Length; i++)
        {
            int y = i / side, x = i % side;
            map[i] = kind switch
            {
                "smooth" => (float)(Math.Exp(-(((y - 80) * (y - 80)) + ((x - 150) * (x - 150))) / 800.0) - (0.3 * Math.Cos(x / 30.0))),
                "sparse" => random.NextDouble() < 0.98 ? 0f : (float)(random.NextDouble() - 0.3),
                _ => (float)Math.Round((random.NextDouble() * 8) - 3),
            };
        }

        foreach (var normalisation in Normalisation.Table3)
        {
            var actual = normalisation.Apply(map);
            var expected = BruteForcePointingGame.Normalise(map, normalisation.Rectifier.ToString(), normalisation.Percentile);
            for (int i = 0; i < map.Length; i++)
            {
                Assert.Equal(expected[i], actual[i], 1e-6);
            }
        }
    }

    [Fact]
    public void Percentile_99_clips_the_top_percent_to_one_and_100_does_not()
    {
        // 200 values 0, 1, ..., 199: h = 199 * 0.99 = 197.01, so q99 = 197 + 0.01 = 197.01.
        var map = Enumerable.Range(0, 200).Select(i => (float)i).ToArray();
        var n99 = new Normalisation(Rectifier.All, 99).Apply(map);
        var n100 = new Normalisation(Rectifier.All, 100).Apply(map);

        Assert.Equal(1f, n99[198]);
        Assert.Equal(1f, n99[199]);
        Assert.Equal(197 / 197.01, n99[197], 1e-6);
        Assert.Equal(100 / 197.01, n99[100], 1e-6);
        Assert.Equal(0f, n99[0]);

        Assert.Equal(1f, n100[199]);
        Assert.Equal(198 / 199.0, n100[198], 1e-6);
        Assert.Equal(100 / 199.0, n100[100], 1e-6);
    }

    [Fact]
    public void Abs_and_relu_treat_negative_values_as_documented()
    {
        float[] map = [-4, -2, 0, 1, 2];
        // All-100: min -4, max 2, (x + 4) / 6.
        Assert.Equal([0f, 2 / 6f, 4 / 6f, 5 / 6f, 1f], new Normalisation(Rectifier.All, 100).Apply(map));
        // Abs-100: |x| = 4, 2, 0, 1, 2: min 0, max 4.
        Assert.Equal([1f, 0.5f, 0f, 0.25f, 0.5f], new Normalisation(Rectifier.Abs, 100).Apply(map));
        // ReLU-100: 0, 0, 0, 1, 2: min 0, max 2.
        Assert.Equal([0f, 0f, 0f, 0.5f, 1f], new Normalisation(Rectifier.ReLU, 100).Apply(map));
    }

    [Fact]
    public void Constant_map_normalises_to_zeros_not_NaN()
    {
        foreach (var n in Normalisation.Table3)
        {
            Assert.All(n.Apply([3f, 3f, 3f, 3f]), v => Assert.Equal(0f, v));
        }
    }

    [Fact]
    public void Degenerate_percentile_range_gives_one_above_the_minimum()
    {
        // 300 values, 298 zeros and two ones: q99 of ReLU is at h = 299 * 0.99 = 296.01, both ranks 0, so q = min = 0.
        var map = new float[300];
        map[10] = 1;
        map[20] = 0.5f;
        var s = new Normalisation(Rectifier.ReLU, 99).Apply(map);
        Assert.Equal(1f, s[10]);
        Assert.Equal(1f, s[20]);
        Assert.Equal(298, s.Count(v => v == 0));
    }

    [Fact]
    public void Non_finite_values_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => Normalisation.Table3[0].Apply([1f, float.NaN]));
        Assert.Throws<ArgumentException>(() => Normalisation.Table3[0].Apply([1f, float.PositiveInfinity]));
        Assert.Throws<ArgumentException>(() => Normalisation.Table3[0].Apply([]));
    }
}
