namespace Saliency.Core.Metrics;

/// <summary>
/// Scores saliency maps against defect masks with the distance pointing game and the energy-based pointing game.
/// For a normalised map S (non-negative), the mask M (1 = defect) and D (distance to the nearest defect pixel over the
/// image diagonal, 0 on the defect; see <see cref="MaskDistanceField"/>):
/// <list type="bullet">
/// <item>inside = sum(S M), outside = sum(S D);</item>
/// <item>distance pointing game = inside / (inside + outside): 1 when all saliency is on the defect, falling as
/// saliency moves away from it, weighted by how far;</item>
/// <item>energy-based pointing game = inside / sum(S): the fraction of saliency on the defect.</item>
/// </list>
/// Undefined outcomes give NaN for both scores with a <see cref="ScoreOutcome"/> reason: an empty mask
/// (<see cref="ScoreOutcome.EmptyMask"/>) and an all-zero normalised map (<see cref="ScoreOutcome.ZeroSaliency"/>;
/// it is the only way inside + outside can be 0 when the mask is not empty). Sums are in double precision.
/// Maps are row-major H x W float arrays of the mask's size; NaN or infinite values are rejected.
/// </summary>
public static class PointingGame
{
    /// <summary>Scores a raw map under every normalisation of <see cref="Normalization.Table3"/>, in that order.</summary>
    public static IReadOnlyList<NormalizedScores> ScoreAll(ReadOnlySpan<float> map, MaskDistanceField field) =>
        ScoreAll(map, field, Normalization.Table3);

    /// <summary>
    /// Scores a raw map under each of <paramref name="normalizations"/> (results in the same order). The map's
    /// extremes and percentiles are computed once and shared; the distance field is only read.
    /// </summary>
    /// <exception cref="ArgumentException">Sizes differ, or the map has a NaN or infinite value.</exception>
    public static IReadOnlyList<NormalizedScores> ScoreAll(ReadOnlySpan<float> map, MaskDistanceField field, IReadOnlyList<Normalization> normalizations)
    {
        CheckSize(map.Length, field);
        var ranges = new MapRanges(map);
        try
        {
            var results = new NormalizedScores[normalizations.Count];
            for (int i = 0; i < results.Length; i++)
            {
                var normalization = normalizations[i];
                var scores = field.IsEmpty
                    ? PointingScores.Undefined(ScoreOutcome.EmptyMask)
                    : Accumulate(map, field, normalization.Rectifier, ranges.RangeOf(normalization));
                results[i] = new NormalizedScores(normalization, scores);
            }

            return results;
        }
        finally
        {
            ranges.Dispose();
        }
    }

    /// <summary>Scores a raw map under one normalisation.</summary>
    /// <exception cref="ArgumentException">Sizes differ, or the map has a NaN or infinite value.</exception>
    public static PointingScores Score(ReadOnlySpan<float> map, MaskDistanceField field, Normalization normalization) =>
        ScoreAll(map, field, [normalization])[0].Scores;

    /// <summary>
    /// Scores an already normalised map S as it is (no rectification or rescaling). S must be finite and non-negative.
    /// </summary>
    /// <exception cref="ArgumentException">Sizes differ, or S has a negative, NaN or infinite value.</exception>
    public static PointingScores ScoreNormalized(ReadOnlySpan<float> saliency, MaskDistanceField field)
    {
        CheckSize(saliency.Length, field);
        for (int i = 0; i < saliency.Length; i++)
        {
            if (!(saliency[i] >= 0 && float.IsFinite(saliency[i])))
            {
                throw new ArgumentException($"normalised saliency must be finite and non-negative; index {i} is {saliency[i]}", nameof(saliency));
            }
        }

        if (field.IsEmpty)
        {
            return PointingScores.Undefined(ScoreOutcome.EmptyMask);
        }

        var mask = field.Mask;
        var distance = field.NormalizedDistance;
        double inside = 0, outside = 0, total = 0;
        for (int i = 0; i < saliency.Length; i++)
        {
            double s = saliency[i];
            total += s;
            inside += s * mask[i];
            outside += s * distance[i];
        }

        return FromSums(inside, outside, total);
    }

    private static PointingScores Accumulate(ReadOnlySpan<float> map, MaskDistanceField field, Rectifier rectifier, NormalizationRange range) =>
        rectifier switch
        {
            Rectifier.Abs => Accumulate<AbsValue>(map, field, range),
            Rectifier.ReLU => Accumulate<PositivePart>(map, field, range),
            _ => Accumulate<Identity>(map, field, range),
        };

    private static PointingScores Accumulate<TRectifier>(ReadOnlySpan<float> map, MaskDistanceField field, NormalizationRange range)
        where TRectifier : IRectify
    {
        var mask = field.Mask;
        var distance = field.NormalizedDistance;
        double inside = 0, outside = 0, total = 0;
        double min = range.Min;
        if (range.IsDegenerate)
        {
            for (int i = 0; i < map.Length; i++)
            {
                if (TRectifier.Apply(map[i]) > min)
                {
                    total += 1;
                    inside += mask[i];
                    outside += distance[i];
                }
            }
        }
        else
        {
            double width = range.Max - min;
            for (int i = 0; i < map.Length; i++)
            {
                double s = (TRectifier.Apply(map[i]) - min) / width;
                s = s <= 0 ? 0 : s >= 1 ? 1 : s;
                total += s;
                inside += s * mask[i];
                outside += s * distance[i];
            }
        }

        return FromSums(inside, outside, total);
    }

    private static PointingScores FromSums(double inside, double outside, double total) =>
        total > 0
            ? new PointingScores(inside / (inside + outside), inside / total, ScoreOutcome.Defined)
            : PointingScores.Undefined(ScoreOutcome.ZeroSaliency);

    private static void CheckSize(int length, MaskDistanceField field)
    {
        if (length != field.Height * field.Width)
        {
            throw new ArgumentException($"map has {length} values but the mask is {field.Height} x {field.Width}");
        }
    }

    private interface IRectify
    {
        static abstract double Apply(float x);
    }

    private readonly struct Identity : IRectify
    {
        public static double Apply(float x) => x;
    }

    private readonly struct AbsValue : IRectify
    {
        public static double Apply(float x) => Math.Abs(x);
    }

    private readonly struct PositivePart : IRectify
    {
        public static double Apply(float x) => Math.Max(x, 0f);
    }
}
