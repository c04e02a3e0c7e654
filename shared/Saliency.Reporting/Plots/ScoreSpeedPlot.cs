using Saliency.Core.Data;
using Saliency.Core.IO;
using Saliency.Core.Results;
using Saliency.Reporting.Analysis;
using ScottPlot;

namespace Saliency.Reporting.Plots;

/// <summary>
/// Fig. 5a: for each method variant, the median distance score under its best normalisation (y) against its median
/// frames per second (x, log scale); the score axis runs from 0 to 1 (<see cref="ScoreAxis"/>). Points are coloured
/// by method and labelled with the variant and the normalisation used (labels are placed clear of each other, <see cref="LabelPlacer"/>); variants that differ only
/// in batching (<see cref="VariantFamilies"/>) are joined by a thick translucent line. The legend is outside, right. Variants without a defined score are left out (and listed in the report's text).
/// </summary>
public static class ScoreSpeedPlot
{
    public const int Width = 1200;
    public const int Height = 750;

    public static PlotFiles Write(ScoreTable scores, IReadOnlyList<FpsPercentiles> fps, MethodColors colors, string basePath)
    {
        var speed = fps.ToDictionary(f => f.Variant, StringComparer.Ordinal);
        var points = scores.Variants
            .Where(v => scores.Best[v] is not null && speed.ContainsKey(v) && speed[v].P50 > 0)
            .Select(v => (Variant: v, Method: speed[v].Method, Normalisation: scores.Best[v]!, Score: scores.Cell(v, scores.Best[v]!)!.Median, Fps: speed[v].P50))
            .ToList();

        using var plot = new Plot();
        PlotStyle.Apply(
            plot,
            "Fig. 5a: median distance score vs. median throughput",
            "median throughput, maps per second (fps, log scale)",
            "median distance score (best normalisation)");

        var byVariant = points.ToDictionary(p => p.Variant, StringComparer.Ordinal);
        bool firstLine = true;
        foreach (var family in VariantFamilies.Group(points.Select(p => p.Variant)))
        {
            var members = family.Select(v => byVariant[v]).OrderBy(p => p.Fps).ToList();
            var line = plot.Add.ScatterLine(
                members.Select(p => LogAxis.ToAxis(p.Fps)).ToArray(),
                members.Select(p => p.Score).ToArray(),
                colors.Of(members[0].Method));
            line.LineColor = colors.Of(members[0].Method).WithAlpha(0.45);
            line.LineWidth = 5;
            line.MarkerSize = 0;
            if (firstLine)
            {
                line.LegendText = "same method, other batching";
                firstLine = false;
            }
        }

        foreach (var method in points.GroupBy(p => p.Method, StringComparer.Ordinal))
        {
            var markers = plot.Add.ScatterPoints(
                method.Select(p => LogAxis.ToAxis(p.Fps)).ToArray(),
                method.Select(p => p.Score).ToArray(),
                colors.Of(method.Key));
            markers.MarkerSize = 12;
            markers.LegendText = method.Key;
        }

        if (points.Count > 0)
        {
            LogAxis.Apply(plot.Axes.Bottom, points.Min(p => p.Fps), points.Max(p => p.Fps), padLow: 0.35, padHigh: 0.35);
        }

        ScoreAxis.Apply(plot, plot.Axes.Left);

        plot.ShowLegend(Edge.Right);
        const float fontSize = 12;
        var labels = points.Select(p => $"{VariantLabels.Short(p.Variant)} [{p.Normalisation}]").ToList();
        plot.RenderInMemory(Width, Height);
        var dataArea = plot.LastRender.DataRect;
        var placement = LabelPlacer.Place(
            [.. points.Select((p, i) => (plot.GetPixel(new Coordinates(LogAxis.ToAxis(p.Fps), p.Score)), labels[i]))], dataArea, fontSize, 12);
        for (int i = 0; i < points.Count; i++)
        {
            var p = points[i];
            var text = plot.Add.Text(labels[i], LogAxis.ToAxis(p.Fps), p.Score);
            text.LabelFontSize = fontSize;
            text.LabelFontName = PlotStyle.Font;
            text.LabelFontColor = colors.Of(p.Method).Darken(0.35);
            text.LabelAlignment = placement[i].Alignment;
            text.OffsetX = placement[i].Dx;
            text.OffsetY = placement[i].Dy;
        }

        return PlotFiles.Save(plot, basePath, Width, Height);
    }
}
