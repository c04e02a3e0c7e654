using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace Saliency.Reporting.Plots;

/// <summary>
/// A base-10 logarithmic axis for ScottPlot 5, which has no log scale of its own: data are plotted as
/// <c>log10(value)</c> and the axis gets manual ticks at the decades (labelled with the value, e.g. <c>100</c>) and
/// unlabelled minor ticks at 2..9 times each decade. When the range spans less than about one decade the 2x and 5x
/// minor ticks are labelled too.
/// </summary>
public static class LogAxis
{
    /// <summary>Plotted coordinate of a positive value.</summary>
    public static double ToAxis(double value) => Math.Log10(value);

    /// <summary>
    /// Sets manual log ticks on <paramref name="axis"/> and its limits to the padded log range of the positive values
    /// <paramref name="min"/>..<paramref name="max"/>; <paramref name="padLow"/>/<paramref name="padHigh"/> are in decades.
    /// </summary>
    public static void Apply(IAxis axis, double min, double max, double padLow = 0.15, double padHigh = 0.15)
    {
        if (!(min > 0) || !(max >= min))
        {
            throw new ArgumentOutOfRangeException(nameof(min), $"log axis needs 0 < min <= max, got {min}..{max}");
        }

        double lo = Math.Log10(min) - padLow, hi = Math.Log10(max) + padHigh;
        if (hi - lo < 0.5)
        {
            double mid = (lo + hi) / 2;
            lo = mid - 0.25;
            hi = mid + 0.25;
        }

        axis.TickGenerator = new NumericManual([.. TicksFor(lo, hi)]);
        axis.Min = lo;
        axis.Max = hi;
    }

    /// <summary>Ticks for the plotted range <paramref name="lo"/>..<paramref name="hi"/> (in log10 units, inclusive).</summary>
    public static IReadOnlyList<Tick> TicksFor(double lo, double hi)
    {
        bool labelSubdecades = hi - lo < 1.3;
        var ticks = new List<Tick>();
        for (int decade = (int)Math.Floor(lo); decade <= (int)Math.Ceiling(hi); decade++)
        {
            for (int k = 1; k <= 9; k++)
            {
                double position = decade + Math.Log10(k);
                if (position < lo - 1e-9 || position > hi + 1e-9)
                {
                    continue;
                }

                if (k == 1 || (labelSubdecades && k is 2 or 5))
                {
                    ticks.Add(Tick.Major(position, Label(k * Math.Pow(10, decade))));
                }
                else
                {
                    ticks.Add(Tick.Minor(position));
                }
            }
        }

        return ticks;
    }

    /// <summary>Tick label of a power-of-ten multiple: plain digits from 0.001 to 1e6, scientific outside.</summary>
    public static string Label(double value) =>
        value is >= 1e-3 and < 1e6
            ? Math.Round(value, 6).ToString("0.######", CultureInfo.InvariantCulture)
            : value.ToString("0e0", CultureInfo.InvariantCulture);
}
