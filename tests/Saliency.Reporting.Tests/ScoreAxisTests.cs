using Saliency.Core.Results;
using Saliency.Reporting.Plots;
using Saliency.TestFixtures;
using SkiaSharp;

namespace Saliency.Reporting.Tests;

/// <summary>Pointing-game scores lie in [0, 1]: every score axis of the report runs exactly from 0 to 1, read back from the written SVGs.</summary>
public sealed class ScoreAxisTests(ReportFixture report) : IClassFixture<ReportFixture>
{
    [Theory]
    [InlineData("fig5a.svg")]
    [InlineData("fig5b.svg")]
    public void Score_axes_of_the_report_run_exactly_from_0_to_1(string file) =>
        AssertScoreAxis(SvgPlot.Load(report.File(file)), file);

    [Fact]
    public void Scores_of_exactly_0_and_1_keep_the_axes_at_0_to_1_and_a_marker_at_1_is_drawn_whole()
    {
        // GradCAM scores 1 on every sample (median 1: its Fig. 5a point sits on the top edge); ScoreCAM spans 0..1;
        // VanillaGrad is near 1 with one score of 0 (a Fig. 5b dot on the bottom edge).
        var scores = new Dictionary<string, double[]>
        {
            ["GradCAM"] = [1, 1, 1, 1, 1, 1],
            ["ScoreCAM"] = [0, 0.2, 0.4, 0.6, 0.8, 1],
            ["VanillaGrad"] = [0, 0.96, 0.97, 0.98, 0.99, 1],
        };
        var rows = new List<ResultRow>();
        foreach (var (method, values) in scores)
        {
            for (int sample = 0; sample < values.Length; sample++)
            {
                rows.Add(new ResultRow(sample, $"s{sample}.jpg", 0, "1", method, method, "ReLU-100", values[sample], values[sample], 0.01 * (1 + rows.Count % 5), 1, 1));
            }
        }

        var table = ScoreTable.FromRows(rows);
        var colors = new MethodColors();
        using var dir = new TempDir();
        var fig5a = ScoreSpeedPlot.Write(table, FpsPercentiles.FromRows(rows, table.Variants), colors, dir.File("fig5a"));
        var fig5b = ScoreDistributionPlot.Write(table, scores.Keys.ToDictionary(k => k, k => k), colors, dir.File("fig5b"));
        var speed = SvgPlot.Load(fig5a.SvgPath);
        AssertScoreAxis(speed, "fig5a (scores 0..1)");
        AssertScoreAxis(SvgPlot.Load(fig5b.SvgPath), "fig5b (scores 0..1)");

        // GradCAM's marker (12 px across) is centred on the top edge: its upper half is drawn above the frame line.
        using var png = SKBitmap.Decode(fig5a.PngPath);
        var gradcam = colors.Of("GradCAM");
        int above = 0;
        for (int y = (int)Math.Floor(speed.Top) - 5; y < (int)Math.Floor(speed.Top); y++)
        {
            for (int x = (int)speed.Left; x < (int)speed.Right; x++)
            {
                var p = png.GetPixel(x, y);
                above += p.Red == gradcam.R && p.Green == gradcam.G && p.Blue == gradcam.B ? 1 : 0;
            }
        }

        Assert.True(above >= 20, $"the GradCAM marker at score 1 is cut at the frame: {above} of its pixels above the top edge");
    }

    /// <summary>Labelled ticks only within [0, 1], 1 at the top and 0 at the bottom, and the frame's edges at exactly 1 and 0.</summary>
    private static void AssertScoreAxis(SvgPlot plot, string name)
    {
        var labels = plot.LeftTicks.Select(t => t.Value).ToList();
        Assert.True(labels.Count >= 3, $"{name}: {labels.Count} score tick labels");
        Assert.True(labels.All(v => v is >= 0 and <= 1), $"{name}: score tick labels outside [0, 1]: {string.Join(", ", labels)}");
        Assert.True(labels[0] == 1 && labels[^1] == 0, $"{name}: score tick labels run from {labels[^1]} to {labels[0]}, not from 0 to 1");
        double top = plot.ValueAt(plot.Top), bottom = plot.ValueAt(plot.Bottom);
        Assert.True(Math.Abs(top - 1) < 0.003 && Math.Abs(bottom) < 0.003, $"{name}: the score axis runs from {bottom:0.###} to {top:0.###}, not from 0 to 1");
    }
}
