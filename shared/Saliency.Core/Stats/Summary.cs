namespace Saliency.Core.Stats;

/// <summary>
/// Count, mean, minimum, quartiles and maximum of a sample, for report tables. Unlike <see cref="Descriptive"/>,
/// <see cref="Of"/> accepts an empty sample and returns <see cref="Empty"/> (Count 0, every statistic NaN), so a
/// table row for "no defined scores" needs no special case; NaN values in the input are still rejected.
/// </summary>
public sealed record Summary(int Count, double Mean, double Min, double Q1, double Median, double Q3, double Max)
{
    /// <summary>The summary of an empty sample: Count 0, all statistics NaN.</summary>
    public static Summary Empty { get; } = new(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);

    /// <summary>Summarises <paramref name="values"/> (sorts a copy once).</summary>
    /// <exception cref="ArgumentException">The sample contains NaN.</exception>
    public static Summary Of(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty)
        {
            return Empty;
        }

        var mean = Descriptive.Mean(values);
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return new Summary(
            sorted.Length,
            mean,
            sorted[0],
            Descriptive.PercentileOfSorted(sorted, 25),
            Descriptive.PercentileOfSorted(sorted, 50),
            Descriptive.PercentileOfSorted(sorted, 75),
            sorted[^1]);
    }
}
