using System.Buffers;
using Saliency.Core.Stats;

namespace Saliency.Core.Metrics;

/// <summary>
/// The min-max ranges of one raw map under any number of normalisations, computed with as little work as possible:
/// one scan for the extremes, and for percentiles below 100 at most one selection for the signed values (shared
/// by All and ReLU, since ReLU is monotone: its order statistics are the ReLU of the signed ones) and one for the
/// absolute values. High percentiles select among the few values above a sampled threshold
/// (<see cref="OrderStatistics.TrySelectHigh"/>); otherwise a full copy is partially ordered in place. Buffers come from the shared array pool and are returned on <see cref="Dispose"/>. Do not hold it in a <c>using</c> variable
/// (that makes a defensive copy on every mutating call): call Dispose in a finally block.
/// </summary>
internal ref struct MapRanges
{
    private readonly ReadOnlySpan<float> _map;
    private readonly float _min;
    private readonly float _max;
    private readonly float _absMin;
    private readonly float _absMax;
    private float[]? _signed;
    private float[]? _absolute;
    private (int Lower, int Upper, float A, float B) _signedPair = (-1, -1, 0, 0);
    private (int Lower, int Upper, float A, float B) _absolutePair = (-1, -1, 0, 0);

    /// <exception cref="ArgumentException">The map is empty or has a NaN or infinite value.</exception>
    public MapRanges(ReadOnlySpan<float> map)
    {
        if (map.IsEmpty)
        {
            throw new ArgumentException("saliency map is empty", nameof(map));
        }

        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        float absMin = float.PositiveInfinity, absMax = 0;
        for (int i = 0; i < map.Length; i++)
        {
            float x = map[i];
            if (!float.IsFinite(x))
            {
                throw new ArgumentException($"saliency map has a non-finite value ({x}) at index {i}", nameof(map));
            }

            min = Math.Min(min, x);
            max = Math.Max(max, x);
            float a = Math.Abs(x);
            absMin = Math.Min(absMin, a);
            absMax = Math.Max(absMax, a);
        }

        _map = map;
        _min = min;
        _max = max;
        _absMin = absMin;
        _absMax = absMax;
    }

    public NormalisationRange RangeOf(Normalisation normalisation)
    {
        double p = normalisation.Percentile;
        return normalisation.Rectifier switch
        {
            Rectifier.All => new(_min, p >= 100 ? _max : Percentile(_map, ref _signed, ref _signedPair, absolute: false, relu: false, p)),
            Rectifier.ReLU => new(Math.Max(_min, 0f), p >= 100 ? Math.Max(_max, 0f) : Percentile(_map, ref _signed, ref _signedPair, absolute: false, relu: true, p)),
            Rectifier.Abs => new(_absMin, p >= 100 ? _absMax : Percentile(_map, ref _absolute, ref _absolutePair, absolute: true, relu: false, p)),
            _ => throw new ArgumentOutOfRangeException(nameof(normalisation)),
        };
    }

    public void Dispose()
    {
        if (_signed is not null)
        {
            ArrayPool<float>.Shared.Return(_signed);
            _signed = null;
        }

        if (_absolute is not null)
        {
            ArrayPool<float>.Shared.Return(_absolute);
            _absolute = null;
        }
    }

    private static double Percentile(
        ReadOnlySpan<float> map, ref float[]? buffer, ref (int Lower, int Upper, float A, float B) pair, bool absolute, bool relu, double p)
    {
        int n = map.Length;
        var (lower, upper, t) = PercentileRule.Ranks(n, p);
        if (pair.Lower == lower && pair.Upper == upper)
        {
            return Finish(pair.A, pair.B, relu, t);
        }

        if (buffer is null && OrderStatistics.TrySelectHigh(map, absolute, lower, upper, out var high, out var next))
        {
            pair = (lower, upper, high, next);
            return Finish(high, next, relu, t);
        }

        if (buffer is null)
        {
            buffer = ArrayPool<float>.Shared.Rent(n);
            var target = buffer.AsSpan(0, n);
            if (absolute)
            {
                for (int i = 0; i < n; i++)
                {
                    target[i] = Math.Abs(map[i]);
                }
            }
            else
            {
                map.CopyTo(target);
            }
        }

        var values = buffer.AsSpan(0, n);
        float a = OrderStatistics.Select(values, lower);
        float b = upper == lower ? a : OrderStatistics.Min(values[(lower + 1)..]);
        pair = (lower, upper, a, b);
        return Finish(a, b, relu, t);
    }

    private static double Finish(double a, double b, bool relu, double t)
    {
        if (relu)
        {
            a = Math.Max(a, 0);
            b = Math.Max(b, 0);
        }

        return PercentileRule.Interpolate(a, b, t);
    }
}
