using Saliency.Core.Data;
using Saliency.Core.IO;
using Saliency.Core.Results;
using Saliency.Reporting.Analysis;

namespace Saliency.Reporting.Tests;

public sealed class AnalysisTests
{
    private static ResultRow Row(string sample, string variant, string normalisation, double? distance, double fps = 10) =>
        new(sample[0] - 'a', sample, 0, "1", variant, variant.Split('(')[0], normalisation, distance ?? double.NaN, distance ?? double.NaN, 1 / fps, 1, 1);

    [Fact]
    public void Undefined_scores_are_left_out_of_the_median_and_a_cell_without_scores_is_nan()
    {
        var rows = new[]
        {
            Row("a", "V", "All-100", 0.2), Row("b", "V", "All-100", null), Row("c", "V", "All-100", 0.6), Row("d", "V", "All-100", 0.4),
            Row("a", "V", "ReLU-99", null), Row("b", "V", "ReLU-99", null),
        };
        var table = ScoreTable.FromRows(rows);
        var cell = table.Cell("V", "All-100")!;
        Assert.Equal((4, 3, 0.4), (cell.Rows, cell.Defined, cell.Median));
        Assert.True(double.IsNaN(table.Cell("V", "ReLU-99")!.Median));
        Assert.Equal("All-100", table.Best["V"]);
        Assert.Equal(["All-100", "ReLU-99"], table.Normalisations);
    }

    [Fact]
    public void Best_is_the_highest_median_and_ties_go_to_the_earlier_table3_column()
    {
        var rows = new[] { Row("a", "V", "ReLU-99", 0.5), Row("a", "V", "Abs-100", 0.5), Row("a", "V", "All-100", 0.1) };
        Assert.Equal("Abs-100", ScoreTable.FromRows(rows).Best["V"]);
    }

    [Fact]
    public void Fps_counts_each_sample_once_across_normalisation_rows()
    {
        var rows = new[]
        {
            Row("a", "V", "All-100", 0.1, fps: 10), Row("a", "V", "ReLU-99", 0.1, fps: 10),
            Row("b", "V", "All-100", 0.1, fps: 30), Row("b", "V", "ReLU-99", 0.1, fps: 30),
        };
        var fps = Assert.Single(FpsPercentiles.FromRows(rows, ["V"]));
        Assert.Equal(2, fps.Samples);
        Assert.Equal(20, fps.P50, 12);
        Assert.Equal(10 + (20 * 0.05), fps.P5, 12);
    }

    [Fact]
    public void Families_join_variants_that_differ_only_in_batching()
    {
        var families = VariantFamilies.Group([
            "SmoothGrad(batched=false,n=50)", "SmoothGrad(batched=true,n=50)", "SmoothGrad(batched=true,n=10)",
            "ScoreCAM(batch=1,layer=layer4)", "ScoreCAM(batch=64,layer=layer4)", "VanillaGrad",
        ]);
        Assert.Equal(2, families.Count);
        Assert.Equal(["SmoothGrad(batched=false,n=50)", "SmoothGrad(batched=true,n=50)"], families[0]);
        Assert.Equal(["ScoreCAM(batch=1,layer=layer4)", "ScoreCAM(batch=64,layer=layer4)"], families[1]);
    }

    [Fact]
    public void Short_labels_read_naturally()
    {
        Assert.Equal("SmoothGrad n=50 batched", VariantLabels.Short("SmoothGrad(batched=true,n=50)"));
        Assert.Equal("SmoothGrad n=50", VariantLabels.Short("SmoothGrad(batched=false,n=50)"));
        Assert.Equal("GradCAM++", VariantLabels.Short("GradCAM++"));
    }
}
