using Saliency.Core.Data;
using Saliency.Core.IO;
using Saliency.Core.Results;
using Saliency.Core.Stats;
using Saliency.Reporting.Analysis;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace Saliency.Reporting.Plots;

/// <summary>
/// Fig. 5b: the distribution of distance scores of each method variant under its best normalisation, as
/// vertical box plots (one box per variant, left to right in table order, labels slanted): the box spans the quartiles Q1..Q3 (numpy's
/// linear rule), the line inside is the median, whiskers reach the most extreme scores within 1.5 IQR of the box
/// (Tukey), and scores beyond the whiskers are drawn as dots. Colour = method. The score axis runs from 0 to 1
/// (<see cref="ScoreAxis"/>).
/// </summary>
public static class ScoreDistributionPlot
{
    public const int Width = 1200;

    public const int Height = 800;

    public static PlotFiles Write(ScoreTable scores, IReadOnlyDictionary<string, string> methods, MethodColors colors, string basePath)
    {
        var variants = scores.Variants.Where(v => scores.Best[v] is not null).ToList();
        using var plot = new Plot();
        PlotStyle.Apply(
            plot,
            "Fig. 5b: distribution of distance scores per variant (best normalisation)",
            "method variant [best normalisation]",
            "distance score (higher = better; 1 = all saliency on the defect)");

        var positions = new double[variants.Count];
        var labels = new string[variants.Count];
        var legendDone = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < variants.Count; i++)
        {
            var variant = variants[i];
            var normalisation = scores.Best[variant]!;
            var values = scores.Cell(variant, normalisation)!.Scores.ToArray();
            double y = i;
            positions[i] = y;
            labels[i] = $"{VariantLabels.Short(variant)} [{normalisation}]";

            var q = Descriptive.Quartiles(values);
            double fenceLow = q.Q1 - (1.5 * q.InterquartileRange), fenceHigh = q.Q3 + (1.5 * q.InterquartileRange);
            var inside = values.Where(v => v >= fenceLow && v <= fenceHigh).ToArray();
            var box = new Box
            {
                Position = y,
                BoxMin = q.Q1,
                BoxMax = q.Q3,
                BoxMiddle = q.Median,
                WhiskerMin = inside.Min(),
                WhiskerMax = inside.Max(),
                Orientation = Orientation.Vertical,
                Width = 0.6,
            };
            var method = methods[variant];
            var color = colors.Of(method);
            var boxes = plot.Add.Box(box);
            boxes.FillColor = color.WithAlpha(0.45);
            boxes.LineColor = color.Darken(0.4);
            boxes.LineWidth = 1.5f;
            if (legendDone.Add(method))
            {
                boxes.LegendText = method;
            }

            var outliers = values.Where(v => v < fenceLow || v > fenceHigh).ToArray();
            if (outliers.Length > 0)
            {
                var dots = plot.Add.ScatterPoints(Enumerable.Repeat(y, outliers.Length).ToArray(), outliers, color.Darken(0.4));
                dots.MarkerSize = 6;
            }
        }

        plot.Axes.Bottom.TickGenerator = new NumericManual(positions, labels);
        plot.Axes.Bottom.TickLabelStyle.Rotation = 35;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Bottom.MinimumSize = SlantedLabelHeight(labels, 13, 35) + 40;
        plot.Axes.SetLimitsX(-0.7, variants.Count - 0.3);
        ScoreAxis.Apply(plot, plot.Axes.Left);

        plot.ShowLegend(Edge.Right);
        return PlotFiles.Save(plot, basePath, Width, Height);
    }

    /// <summary>Vertical extent in pixels of the longest label drawn at <paramref name="degrees"/> (ScottPlot does not measure rotated tick labels).</summary>
    private static float SlantedLabelHeight(IEnumerable<string> labels, float fontSize, double degrees)
    {
        using var typeface = SkiaSharp.SKTypeface.FromFamilyName(PlotStyle.Font) ?? SkiaSharp.SKTypeface.Default;
        using var font = new SkiaSharp.SKFont(typeface, fontSize);
        float longest = labels.Select(l => font.MeasureText(l)).DefaultIfEmpty(0).Max();
        double radians = degrees * Math.PI / 180;
        return (float)((longest * Math.Sin(radians)) + (fontSize * Math.Cos(radians))) + 8;
    }
}
