using System.Net;
using Saliency.Core.Data;
using Saliency.Core.IO;
using Saliency.Core.Metrics;
using Saliency.Core.Results;

namespace Saliency.Reporting.Tests;

/// <summary>The report of a real results folder: every variant and normalisation, and statistics that agree with an
/// independent computation from rows.csv.</summary>
public sealed class ReportContentTests(ReportFixture report) : IClassFixture<ReportFixture>
{
    private readonly List<Dictionary<string, string>> _rows = IndependentCsv.Read(Path.Combine(report.ResultsDir, "rows.csv"));

    [Fact]
    public void Table3_has_every_variant_and_normalisation_in_csv_markdown_and_html()
    {
        var variants = _rows.Select(r => r["variant"]).Distinct().ToList();
        var normalisations = _rows.Select(r => r["normalisation"]).Distinct().ToList();
        Assert.Equal(RealResultsFolder.Variants.Length, variants.Count);
        Assert.Equal(6, normalisations.Count);

        var table3 = IndependentCsv.Read(report.File("table3.csv"));
        Assert.Equal(variants.Order(), table3.Select(r => r["variant"]).Order());
        foreach (var n in normalisations)
        {
            Assert.True(table3[0].ContainsKey(n), $"table3.csv lacks column {n}");
        }

        var markdown = File.ReadAllText(report.File("table3.md"));
        var html = File.ReadAllText(report.File("index.html"));
        foreach (var name in variants.Concat(normalisations))
        {
            Assert.Contains(name, markdown, StringComparison.Ordinal);
            Assert.Contains(WebUtility.HtmlEncode(name), html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Table3_medians_and_best_equal_an_independent_median_of_rows_csv()
    {
        var table3 = IndependentCsv.Read(report.File("table3.csv")).ToDictionary(r => r["variant"]);
        foreach (var group in _rows.GroupBy(r => r["variant"]))
        {
            string? best = null;
            double bestMedian = double.NegativeInfinity;
            foreach (var normalisation in Normalisation.Table3.Select(n => n.Name))
            {
                var defined = group.Where(r => r["normalisation"] == normalisation && r["distance"].Length > 0)
                    .Select(r => IndependentCsv.Number(r["distance"])).ToList();
                var cell = table3[group.Key][normalisation];
                if (defined.Count == 0)
                {
                    Assert.Equal(string.Empty, cell);
                    continue;
                }

                double median = IndependentStats.Median(defined);
                Assert.Equal(median, IndependentCsv.Number(cell), 12);
                if (median > bestMedian)
                {
                    (best, bestMedian) = (normalisation, median);
                }
            }

            Assert.Equal(best ?? string.Empty, table3[group.Key]["best"]);
        }
    }

    [Fact]
    public void A_variant_without_defined_scores_has_empty_cells_no_best_and_is_named_as_not_plotted()
    {
        var zero = _rows.Where(r => r["variant"] == "Zero").ToList();
        Assert.NotEmpty(zero);
        Assert.All(zero, r => Assert.Equal(string.Empty, r["distance"]));
        var row = IndependentCsv.Read(report.File("table3.csv")).Single(r => r["variant"] == "Zero");
        Assert.Equal(string.Empty, row["best"]);
        Assert.All(Normalisation.Table3, n => Assert.Equal(string.Empty, row[n.Name]));
        Assert.Contains("Not plotted (no defined score): Zero.", File.ReadAllText(report.File("index.html")), StringComparison.Ordinal);
    }

    [Fact]
    public void Best_normalisation_is_bold_in_markdown()
    {
        var table3 = IndependentCsv.Read(report.File("table3.csv"));
        var markdown = File.ReadAllLines(report.File("table3.md"));
        foreach (var row in table3.Where(r => r["best"].Length > 0))
        {
            var line = Assert.Single(markdown, l => l.StartsWith($"| {row["variant"]} |", StringComparison.Ordinal));
            var cells = line.Split(" | ");
            var header = markdown.First(l => l.StartsWith("| variant |", StringComparison.Ordinal)).Split(" | ");
            int column = Array.IndexOf(header, row["best"]);
            Assert.True(column > 0);
            Assert.StartsWith("**", cells[column], StringComparison.Ordinal);
            Assert.Equal(1, cells.Count(c => c.StartsWith("**", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public void Fps_percentiles_equal_an_independent_computation_over_samples()
    {
        var fps = IndependentCsv.Read(report.File("fps.csv")).ToDictionary(r => r["variant"]);
        foreach (var group in _rows.GroupBy(r => r["variant"]))
        {
            var perSample = group.GroupBy(r => r["sample"]).Select(g => IndependentCsv.Number(g.First()["fps"])).ToList();
            Assert.Equal(perSample.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), fps[group.Key]["samples"]);
            foreach (var p in new[] { 5, 50, 95, 99 })
            {
                double expected = IndependentStats.Percentile(perSample, p);
                double actual = IndependentCsv.Number(fps[group.Key][$"fps_p{p}"]);
                Assert.True(Math.Abs(expected - actual) <= 1e-9 * Math.Abs(expected), $"{group.Key} p{p}: {actual} vs {expected}");
            }
        }
    }

    [Fact]
    public void Table1_counts_the_patch_set_and_the_benchmarked_samples()
    {
        var samples = IndependentCsv.Read(report.File("samples.csv"));
        var total = samples.Single(r => r["class"] == "total");
        Assert.Equal(_rows.Select(r => r["sample"]).Distinct().Count(), int.Parse(total["count"], System.Globalization.CultureInfo.InvariantCulture));
        foreach (var label in _rows.GroupBy(r => r["sample"]).Select(g => g.First()["label"]).Distinct())
        {
            var key = label == "0" ? "none" : label;
            var expected = _rows.GroupBy(r => r["sample"]).Count(g => g.First()["label"] == label);
            Assert.Equal(expected, int.Parse(samples.Single(r => r["class"] == key)["count"], System.Globalization.CultureInfo.InvariantCulture));
        }

        var table1 = IndependentCsv.Read(report.File("table1.csv"));
        Assert.Equal("2", table1.Single(r => r["class"] == "dropped_background")["count"]);
        Assert.Contains("dropped by the background rule", File.ReadAllText(report.File("table1.md")), StringComparison.OrdinalIgnoreCase);
    }
}
