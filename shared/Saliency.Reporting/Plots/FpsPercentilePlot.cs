using Saliency.Core.Data;
using Saliency.Core.IO;
using Saliency.Core.Results;
using Saliency.Reporting.Analysis;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace Saliency.Reporting.Plots;

/// <summary>
/// Throughput percentiles per variant (one row each, first on top) on a log fps axis: a thick bar from p5 to p95 in
/// the method's colour, a black dot at the median (p50) and a black diamond at p99 (the fastest 1%).
/// </summary>
public static class FpsPercentilePlot
{
    public const int Width = 1200;

    /// <summary>Height grows with the number of variants: 160 px plus 44 per row.</summary>
    public static int HeightFor(int variants) => 160 + (44 * Math.Max(variants, 1));

    public static PlotFiles Write(IReadOnlyList<FpsPercentiles> fps, MethodColors colors, string? device, string basePath)
    {
        var rows = fps.Where(f => f.P5 > 0).ToList();
        using var plot = new Plot();
        PlotStyle.Apply(
            plot,
            "Throughput percentiles per variant" + (device is null ? string.Empty : $" ({device})"),
            "maps per second (fps, log scale): bar = p5..p95, dot = p50, diamond = p99",
            string.Empty);

        var positions = new double[rows.Count];
        var labels = new string[rows.Count];
        var legendDone = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < rows.Count; i++)
        {
            var f = rows[i];
            double y = rows.Count - 1 - i;
            positions[i] = y;
            labels[i] = VariantLabels.Short(f.Variant);
            var bar = plot.Add.Line(LogAxis.ToAxis(f.P5), y, LogAxis.ToAxis(f.P95), y);
            bar.LineWidth = 10;
            bar.LineColor = colors.Of(f.Method).WithAlpha(0.7);
            bar.MarkerSize = 0;
            if (legendDone.Add(f.Method))
            {
                bar.LegendText = $"{f.Method}: p5..p95";
            }
        }

        if (rows.Count > 0)
        {
            var median = plot.Add.ScatterPoints(rows.Select(f => LogAxis.ToAxis(f.P50)).ToArray(), positions, Colors.Black);
            median.MarkerSize = 11;
            median.MarkerShape = MarkerShape.FilledCircle;
            median.LegendText = "p50 (median)";
            var p99 = plot.Add.ScatterPoints(rows.Select(f => LogAxis.ToAxis(f.P99)).ToArray(), positions, Colors.Black);
            p99.MarkerSize = 11;
            p99.MarkerShape = MarkerShape.FilledDiamond;
            p99.LegendText = "p99";
            LogAxis.Apply(plot.Axes.Bottom, rows.Min(f => f.P5), rows.Max(f => f.P99), padLow: 0.15, padHigh: 0.15);
        }

        plot.Axes.Left.TickGenerator = new NumericManual(positions, labels);
        plot.Axes.SetLimitsY(-0.7, rows.Count - 0.3);
        plot.ShowLegend(Edge.Right);
        return PlotFiles.Save(plot, basePath, Width, HeightFor(rows.Count));
    }
}
