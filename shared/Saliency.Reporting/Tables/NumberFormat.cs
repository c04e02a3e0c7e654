using System.Globalization;

namespace Saliency.Reporting.Tables;

/// <summary>Number formats of the report: CSV keeps full precision (round-trip), display text is rounded; NaN (an
/// undefined statistic) is an empty CSV field and an en dash in display text.</summary>
public static class NumberFormat
{
    public static string Csv(double value) => double.IsNaN(value) ? string.Empty : value.ToString("R", CultureInfo.InvariantCulture);

    public static string Score(double value) => double.IsNaN(value) ? "–" : value.ToString("F4", CultureInfo.InvariantCulture);

    /// <summary>Frames per second with three significant digits (at least one decimal below 100).</summary>
    public static string Fps(double value) => double.IsNaN(value) ? "–"
        : Math.Abs(value) >= 100 ? value.ToString("F0", CultureInfo.InvariantCulture)
        : Math.Abs(value) >= 10 ? value.ToString("F1", CultureInfo.InvariantCulture)
        : value.ToString("G3", CultureInfo.InvariantCulture);

    public static string Seconds(double value) => double.IsNaN(value) ? "–" : value.ToString("G4", CultureInfo.InvariantCulture);

    public static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Percent(double value) => value.ToString("F2", CultureInfo.InvariantCulture) + " %";
}
