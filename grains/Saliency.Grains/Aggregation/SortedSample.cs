namespace Saliency.Grains.Aggregation;

/// <summary>
/// A sorted copy of a sample with exact order statistics under numpy's default percentile rule (linear
/// interpolation between closest ranks, <c>h = (n - 1) p / 100</c>). Empty samples give NaN.
/// </summary>
internal sealed class SortedSample
{
    private readonly double[] _sorted;

    public SortedSample(IEnumerable<double> values)
    {
        _sorted = values.ToArray();
        Array.Sort(_sorted);
    }

    public int Count => _sorted.Length;

    public double Mean => _sorted.Length == 0 ? double.NaN : _sorted.Sum() / _sorted.Length;

    public double Percentile(double p)
    {
        if (_sorted.Length == 0)
        {
            return double.NaN;
        }

        var h = (_sorted.Length - 1) * (p / 100.0);
        var lower = (int)Math.Floor(h);
        var upper = Math.Min(lower + 1, _sorted.Length - 1);
        var t = h - lower;
        var a = _sorted[lower];
        var b = _sorted[upper];
        return t >= 0.5 ? b - ((b - a) * (1 - t)) : a + ((b - a) * t);
    }
}
