using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
    /// <summary>Scores a raw map under every normalisation of <see cref="Normalisation.Table3"/>, in that order.</summary>
    public static IReadOnlyList<NormalisedScores> ScoreAll(ReadOnlySpan<float> map, MaskDistanceField field) =>
        ScoreAll(map, field, Normalisation.Table3);

    /// <summary>
    /// Scores a raw map under each of <paramref name="normalisations"/> (results in the same order). The map's
    /// extremes and percentiles are computed once and shared; the distance field is only read.
    /// </summary>
    /// <exception cref="ArgumentException">Sizes differ, or the map has a NaN or infinite value.</exception>
    public static IReadOnlyList<NormalisedScores> ScoreAll(ReadOnlySpan<float> map, MaskDistanceField field, IReadOnlyList<Normalisation> normalisations)
    {
        CheckSize(map.Length, field);
        var ranges = new MapRanges(map);
        try
        {
            var results = new NormalisedScores[normalisations.Count];
            for (int i = 0; i < results.Length; i++)
            {
                var normalisation = normalisations[i];
                var scores = field.IsEmpty
                    ? PointingScores.Undefined(ScoreOutcome.EmptyMask)
                    : Accumulate(map, field, normalisation.Rectifier, ranges.RangeOf(normalisation));
                results[i] = new NormalisedScores(normalisation, scores);
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
    public static PointingScores Score(ReadOnlySpan<float> map, MaskDistanceField field, Normalisation normalisation) =>
        ScoreAll(map, field, [normalisation])[0].Scores;

    /// <summary>
    /// Scores an already normalised map S as it is (no rectification or rescaling). S must be finite and non-negative.
    /// </summary>
    /// <exception cref="ArgumentException">Sizes differ, or S has a negative, NaN or infinite value.</exception>
    public static PointingScores ScoreNormalised(ReadOnlySpan<float> saliency, MaskDistanceField field)
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
        var distance = field.NormalisedDistance;
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

    private static PointingScores Accumulate(ReadOnlySpan<float> map, MaskDistanceField field, Rectifier rectifier, NormalisationRange range) =>
        rectifier switch
        {
            Rectifier.Abs => Accumulate<AbsValue>(map, field, range),
            Rectifier.ReLU => Accumulate<PositivePart>(map, field, range),
            _ => Accumulate<Identity>(map, field, range),
        };

    /// <summary>
    /// One pass over the map: S = clip((r(x) - min) / (max - min), 0, 1) (degenerate range: S = [r(x) &gt; min]);
    /// total += S, outside += S D, inside += S where D == 0 (D is 0 exactly on defect pixels, at least 1 / diagonal
    /// elsewhere). Four pixels at a time in double precision where the hardware has 256-bit vectors.
    /// </summary>
    private static PointingScores Accumulate<TRectifier>(ReadOnlySpan<float> map, MaskDistanceField field, NormalisationRange range)
        where TRectifier : IRectify
    {
        var distance = field.NormalisedDistance;
        double min = range.Min, width = range.Max - range.Min;
        bool degenerate = range.IsDegenerate;
        double inside = 0, outside = 0, total = 0;
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vMin = Vector256.Create(min);
            var vWidth = Vector256.Create(degenerate ? 1 : width);
            var one = Vector256<double>.One;
            Vector256<double> vInside = default, vOutside = default, vTotal = default;
            ref float mapStart = ref MemoryMarshal.GetReference(map);
            ref double distanceStart = ref MemoryMarshal.GetReference(distance);
            for (; i <= map.Length - 4; i += 4)
            {
                var raw = Vector128.LoadUnsafe(ref mapStart, (nuint)i);
                var x = TRectifier.Apply(Vector256.Create(Vector128.WidenLower(raw), Vector128.WidenUpper(raw)));
                var s = degenerate
                    ? Vector256.GreaterThan(x, vMin) & one
                    : Vector256.Min(Vector256.Max((x - vMin) / vWidth, Vector256<double>.Zero), one);
                var d = Vector256.LoadUnsafe(ref distanceStart, (nuint)i);
                vTotal += s;
                vOutside += s * d;
                vInside += Vector256.Equals(d, Vector256<double>.Zero) & s;
            }

            inside = Vector256.Sum(vInside);
            outside = Vector256.Sum(vOutside);
            total = Vector256.Sum(vTotal);
        }

        for (; i < map.Length; i++)
        {
            double x = TRectifier.Apply(map[i]);
            double s = degenerate ? (x > min ? 1 : 0) : Math.Clamp((x - min) / width, 0, 1);
            total += s;
            outside += s * distance[i];
            inside += distance[i] == 0 ? s : 0;
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

        static abstract Vector256<double> Apply(Vector256<double> x);
    }

    private readonly struct Identity : IRectify
    {
        public static double Apply(float x) => x;

        public static Vector256<double> Apply(Vector256<double> x) => x;
    }

    private readonly struct AbsValue : IRectify
    {
        public static double Apply(float x) => Math.Abs(x);

        public static Vector256<double> Apply(Vector256<double> x) => Vector256.Abs(x);
    }

    private readonly struct PositivePart : IRectify
    {
        public static double Apply(float x) => Math.Max(x, 0f);

        public static Vector256<double> Apply(Vector256<double> x) => Vector256.Max(x, Vector256<double>.Zero);
    }
}
