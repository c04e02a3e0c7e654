using Saliency.Core;
using Saliency.Core.Benchmark;
using Saliency.TestFixtures;

namespace Saliency.Core.Tests.Benchmark;

public sealed class BenchRowsTests
{
    private static BenchRow Row(int sample, string variant, string norm, double distance, double fps = 10) =>
        new(sample, "0030401a5.jpg", 2, 3, variant, variant.Split('(')[0], norm, distance, distance / 2, 1 / fps, fps, 1, 1);

    [Fact]
    public void Rows_round_trip_through_csv_with_quoted_variant_ids_and_empty_nan_fields()
    {
        var rows = new[]
        {
            Row(7, "SmoothGrad(batched=true,n=50)", "ReLU-99", 0.123456789012345),
            Row(8, "GradCAM++", "All-100", double.NaN),
            new BenchRow(9, "train/\"odd\",id", 0, 255, "VanillaGrad", "VanillaGrad", "Abs-99", 1e-300, double.NaN, 0.5, 2, 3, 4),
        };
        using var dir = new TempDir();
        using (var writer = new StreamWriter(dir.File("rows.csv")))
        {
            BenchRowsCsv.Write(writer, rows);
        }

        var text = File.ReadAllLines(dir.File("rows.csv"));
        Assert.Equal(BenchRowsCsv.Header, text[0]);
        Assert.StartsWith("7,0030401a5.jpg,2,3,\"SmoothGrad(batched=true,n=50)\",SmoothGrad,ReLU-99,0.123456789012345,", text[1], StringComparison.Ordinal);
        Assert.Contains(",GradCAM++,All-100,,,", text[2], StringComparison.Ordinal);
        var back = BenchRowsCsv.Read(dir.File("rows.csv"));
        Assert.Equal(rows.Length, back.Count);
        for (int i = 0; i < rows.Length; i++)
        {
            // NaN != NaN in record equality: compare the text form instead.
            Assert.Equal(BenchRowsCsv.Format(rows[i]), BenchRowsCsv.Format(back[i]));
        }

        Assert.Equal("train/\"odd\",id", back[2].SourceId);
        Assert.True(double.IsNaN(back[1].Distance));
    }

    [Fact]
    public void Malformed_rows_are_input_errors_naming_line_and_field()
    {
        using var dir = new TempDir();
        File.WriteAllLines(dir.File("rows.csv"), [BenchRowsCsv.Header, "1,a,0,1,V,V,All-100,0.5,0.5,0.1,10,1,1", "2,a,x,1,V,V,All-100,0.5,0.5,0.1,10,1,1"]);
        var e = Assert.Throws<InputException>(() => BenchRowsCsv.Read(dir.File("rows.csv")));
        Assert.Contains(":3: patch_index:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Table3_is_the_median_of_defined_distances_per_variant_and_normalisation()
    {
        var rows = new List<BenchRow>
        {
            Row(1, "A", "All-100", 0.1), Row(2, "A", "All-100", 0.9), Row(3, "A", "All-100", 0.3), Row(4, "A", "All-100", double.NaN),
            Row(1, "A", "ReLU-99", 0.5), Row(2, "A", "ReLU-99", 0.7),
            Row(1, "B(x=1,y=2)", "All-100", double.NaN), Row(1, "B(x=1,y=2)", "ReLU-99", 0.25),
        };
        var t = BenchTables.MedianDistance(rows);
        Assert.Equal(["A", "B(x=1,y=2)"], t.Variants);
        Assert.Equal(["All-100", "ReLU-99"], t.Normalizations);
        Assert.Equal(0.3, t.Median[0, 0], 12);    // median of 0.1, 0.9, 0.3 (NaN left out)
        Assert.Equal(3, t.Count[0, 0]);
        Assert.Equal(0.6, t.Median[0, 1], 12);    // median of 0.5, 0.7
        Assert.True(double.IsNaN(t.Median[1, 0]));
        Assert.Equal(0.25, t.Median[1, 1], 12);
        var csv = BenchTables.Table3Csv(t).Split('\n');
        Assert.Equal("variant,All-100,ReLU-99", csv[0]);
        Assert.Equal("\"B(x=1,y=2)\",,0.25", csv[2]);
        Assert.Contains("| A | 0.300 | 0.600 |", BenchTables.Table3Markdown(t), StringComparison.Ordinal);
    }

    [Fact]
    public void Speed_counts_each_map_once_and_takes_percentiles_of_fps()
    {
        // Two normalisation rows per map must not double-count; fps of the 5 maps: 1, 2, 3, 4, 100.
        var rows = new[] { 1.0, 2, 3, 4, 100 }.SelectMany((fps, i) => new[]
        {
            Row(i, "V", "All-100", 0.5, fps), Row(i, "V", "Abs-99", 0.5, fps),
        }).ToList();
        var speed = Assert.Single(BenchTables.Speed(rows));
        Assert.Equal(5, speed.Samples);
        Assert.Equal(3, speed.FpsP50, 12);
        Assert.Equal(1 + (0.2 * 1), speed.FpsP5, 12);         // numpy linear: h = 4 * 0.05 = 0.2
        Assert.Equal(4 + (0.96 * 96), speed.FpsP99, 9);       // h = 3.96
        Assert.Equal(1.0 / 3, speed.SecondsMedian, 12);
    }
}
