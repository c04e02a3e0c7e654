using System.Text.RegularExpressions;
using System.Xml.Linq;
using Saliency.Core.Data;
using Saliency.Core.IO;
using Saliency.Core.Results;
using Saliency.Reporting.Plots;
using SkiaSharp;

namespace Saliency.Reporting.Tests;

/// <summary>The report's files: images decode at their expected sizes, the HTML opens offline and links only files that exist.</summary>
public sealed partial class ReportFileTests(ReportFixture report) : IClassFixture<ReportFixture>
{
    [Fact]
    public void Plots_decode_as_png_with_their_sizes_and_svg_is_xml_of_the_same_size()
    {
        int variants = RealResultsFolder.Variants.Length;
        var expected = new (string Name, int Width, int Height)[]
        {
            ("fig5a", ScoreSpeedPlot.Width, ScoreSpeedPlot.Height),
            ("fig5b", ScoreDistributionPlot.Width, ScoreDistributionPlot.Height),
            ("fps", FpsPercentilePlot.Width, FpsPercentilePlot.HeightFor(variants)),
        };
        foreach (var (name, width, height) in expected)
        {
            using var bitmap = SKBitmap.Decode(report.File(name + ".png"));
            Assert.NotNull(bitmap);
            Assert.Equal((width, height), (bitmap.Width, bitmap.Height));
            Assert.True(DistinctColours(bitmap) > 8, $"{name}.png looks blank");

            var svg = XDocument.Load(report.File(name + ".svg")).Root!;
            Assert.Equal("svg", svg.Name.LocalName);
            Assert.Equal(width, int.Parse(svg.Attribute("width")!.Value.Replace("px", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void Fig3_has_one_row_per_map_sample_and_a_column_per_variant_plus_input_and_mask()
    {
        using var bitmap = SKBitmap.Decode(report.File("fig3.png"));
        Assert.NotNull(bitmap);
        const int cell = 160;
        int columns = 2 + RealResultsFolder.Variants.Length;
        // NEU patches are square: each row is one 160 x 160 cell high. Margins, titles and gaps add a bounded frame.
        Assert.InRange(bitmap.Width, columns * cell, (columns * cell) + 200);
        Assert.InRange(bitmap.Height, 3 * cell, (3 * cell) + 260);
        Assert.True(CountColour(bitmap, new SKColor(255, 40, 40)) > 100, "no red mask outline drawn");
    }

    [Fact]
    public void Html_references_only_files_that_exist_and_nothing_external()
    {
        var html = File.ReadAllText(report.Output.IndexHtml);
        var references = Reference().Matches(html).Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[2].Value)).ToList();
        Assert.Contains("fig5a.png", references);
        Assert.Contains("fig5b.png", references);
        Assert.Contains("fig3.png", references);
        Assert.Contains("fps.png", references);
        Assert.Contains("table3.csv", references);
        foreach (var reference in references.Where(r => !r.StartsWith('#')))
        {
            Assert.DoesNotContain("://", reference, StringComparison.Ordinal);
            Assert.False(Path.IsPathRooted(reference), reference);
            Assert.True(File.Exists(Path.Combine(report.ReportDir, reference)), $"index.html references missing file {reference}");
        }

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
        foreach (var anchor in references.Where(r => r.StartsWith('#')))
        {
            Assert.Contains($"id=\"{anchor[1..]}\"", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_reported_file_exists_and_is_not_empty()
    {
        Assert.True(report.Output.Files.Count >= 15);
        foreach (var file in report.Output.Files)
        {
            Assert.True(new FileInfo(file).Length > 0, file);
        }
    }

    private static int DistinctColours(SKBitmap bitmap) => bitmap.Pixels.Distinct().Take(100).Count();

    private static int CountColour(SKBitmap bitmap, SKColor colour) => bitmap.Pixels.Count(p => p.Red == colour.Red && p.Green == colour.Green && p.Blue == colour.Blue);

    [GeneratedRegex("\\b(src|href)\\s*=\\s*\"([^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex Reference();
}
