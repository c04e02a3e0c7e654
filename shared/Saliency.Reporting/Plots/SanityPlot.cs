using Saliency.Core.Methods;
using Saliency.Core.Metrics.Catalogue;
using Saliency.Core.Results;
using Saliency.Reporting.Analysis;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace Saliency.Reporting.Plots;

/// <summary>
/// The sanity figure (Adebayo et al. 2018, Fig. 2): for each method (one line per variant family; variants that
/// differ only in batching make the same maps), the median Spearman rank correlation of absolute values between the
/// original map and the map on the model randomised down to each step (original = 1, then fc, layer4, ... the stem
/// for cascading randomisation). A method that passes falls towards 0; one that stays high does not depend on the
/// weights it claims to explain.
/// </summary>
public static class SanityPlot
{
    public const int Width = 1200;

    public const int Height = 700;

    private const string Prefix = "sanity_spearman_abs_";

    /// <summary>Writes the figure, or returns null when the results have no sanity values.</summary>
    public static PlotFiles? Write(IReadOnlyList<MetricMedians> medians, IReadOnlyDictionary<string, string> methods, MethodColors colors, string basePath)
    {
        var sanity = medians
            .Where(m => m.Value.StartsWith(Prefix, StringComparison.Ordinal)
                && MetricCatalogue.Find(MetricVariant.Parse(m.Metric).Metric)?.Family == MetricFamily.Sanity)
            .ToList();
        if (sanity.Count == 0)
        {
            return null;
        }

        var steps = sanity.Select(m => m.Value[Prefix.Length..]).Distinct(StringComparer.Ordinal).ToList();
        using var plot = new Plot();
        PlotStyle.Apply(
            plot,
            "Sanity check: map similarity under cascading model randomisation",
            "layers randomised, from the top (cumulative)",
            "median Spearman rank correlation of |map| with the original");

        var families = sanity.Select(m => m.Variant).Distinct(StringComparer.Ordinal)
            .GroupBy(v => MethodCatalogue.Family(MethodVariant.Parse(v)).Id, StringComparer.Ordinal)
            .Select(g => g.First());
        var markers = new[] { MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledDiamond, MarkerShape.FilledTriangleUp, MarkerShape.FilledTriangleDown };
        int index = 0;
        foreach (var variant in families)
        {
            var byStep = sanity.Where(m => m.Variant == variant).ToDictionary(m => m.Value[Prefix.Length..], m => m.Median, StringComparer.Ordinal);
            var xs = new List<double> { 0 };
            var ys = new List<double> { 1 };
            for (int i = 0; i < steps.Count; i++)
            {
                if (byStep.TryGetValue(steps[i], out var v) && !double.IsNaN(v))
                {
                    xs.Add(i + 1);
                    ys.Add(v);
                }
            }

            var method = methods.TryGetValue(variant, out var m) ? m : MethodVariant.Parse(variant).Method;
            var line = plot.Add.ScatterLine(xs.ToArray(), ys.ToArray(), colors.Of(method));
            line.LineWidth = 2.5f;
            line.MarkerSize = 9;
            line.MarkerShape = markers[index++ % markers.Length];
            line.LegendText = VariantLabels.Short(variant);
        }

        var zero = plot.Add.HorizontalLine(0);
        zero.LineColor = Colors.Gray;
        zero.LinePattern = LinePattern.Dashed;
        plot.Axes.Bottom.TickGenerator = new NumericManual(
            [.. Enumerable.Range(0, steps.Count + 1).Select(i => (double)i)], ["original", .. steps]);
        plot.Axes.SetLimits(-0.3, steps.Count + 0.3, -0.25, 1.05);
        plot.ShowLegend(Edge.Right);
        return PlotFiles.Save(plot, basePath, Width, Height);
    }
}
