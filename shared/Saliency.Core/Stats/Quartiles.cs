namespace Saliency.Core.Stats;

/// <summary>25th, 50th and 75th percentiles of a sample (numpy's linear rule, see <see cref="PercentileRule"/>).</summary>
public sealed record Quartiles(double Q1, double Median, double Q3)
{
    /// <summary>Interquartile range, Q3 - Q1.</summary>
    public double InterquartileRange => Q3 - Q1;
}
