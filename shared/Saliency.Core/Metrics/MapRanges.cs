using System.Buffers;
using Saliency.Core.Stats;

namespace Saliency.Core.Metrics;

/// <summary>
/// The min-max ranges of one raw map under any number of normalisations, computed with as little work as possible:
/// one scan for the extremes, and for percentiles below 100 at most one selection buffer for the signed values
/// (shared by All and ReLU, since ReLU is monotone: its order statistics are the ReLU of the signed ones) and one for
/// the absolute values. Buffers come from the shared array pool and are returned on <see cref="Dispose"/>. Do not hold it in a <c>using</c> variable
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

    public NormalizationRange RangeOf(Normalization normalization)
    {
        double p = normalization.Percentile;
        return normalization.Rectifier switch
        {
            Rectifier.All => new(_min, p >= 100 ? _max : Percentile(_map, ref _signed, absolute: false, relu: false, p)),
            Rectifier.ReLU => new(Math.Max(_min, 0f), p >= 100 ? Math.Max(_max, 0f) : Percentile(_map, ref _signed, absolute: false, relu: true, p)),
            Rectifier.Abs => new(_absMin, p >= 100 ? _absMax : Percentile(_map, ref _absolute, absolute: true, relu: false, p)),
            _ => throw new ArgumentOutOfRangeException(nameof(normalization)),
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

    private static double Percentile(ReadOnlySpan<float> map, ref float[]? buffer, bool absolute, bool relu, double p)
    {
        int n = map.Length;
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
        var (lower, upper, t) = PercentileRule.Ranks(n, p);
        double a = OrderStatistics.Select(values, lower);
        double b = upper == lower ? a : OrderStatistics.Min(values[(lower + 1)..]);
        if (relu)
        {
            a = Math.Max(a, 0);
            b = Math.Max(b, 0);
        }

        return PercentileRule.Interpolate(a, b, t);
    }
}
