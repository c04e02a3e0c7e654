using Saliency.Core.Data;
using Saliency.Core.IO;
using Saliency.Core.Results;
using Saliency.TestFixtures;

namespace Saliency.Core.Tests.Results;

public sealed class ResultsFolderTests
{
    private static ResultRow Row(int sample, string variant, string norm, double distance, double fps = 10) =>
        new(sample, "0030401a5.jpg", 2, "3", variant, variant.Split('(')[0], norm, distance, distance / 2, 1 / fps, 1, 1);

    private static RunDescription Run(params string[] variants) => new()
    {
        Kind = RunDescription.BenchKind, Data = "/d/p.salpatch", Model = "/d/m.safetensors", Variants = variants, Normalisations = ["All-100"],
    };

    [Fact]
    public void Rows_round_trip_through_the_writer_and_reader_with_quoted_variant_ids_and_empty_nan_fields()
    {
        var rows = new[]
        {
            Row(7, "SmoothGrad(batched=true,n=50)", "ReLU-99", 0.123456789012345),
            Row(8, "GradCAM++", "All-100", double.NaN),
            new ResultRow(9, "train/\"odd\",id", 0, "255", "VanillaGrad", "VanillaGrad", "Abs-99", 1e-300, double.NaN, 0.5, 3, 4),
        };
        using var dir = new TempDir();
        using (var writer = new ResultsFolderWriter(dir.Path))
        {
            writer.Add(rows);
            writer.Complete(Run("SmoothGrad(batched=true,n=50)", "GradCAM++", "VanillaGrad"));
        }

        var text = File.ReadAllLines(dir.File(RowsCsv.FileName));
        Assert.Equal("sample,source_id,patch_index,label,variant,method,normalisation,distance,energy,seconds,fps,forward_passes,backward_passes", text[0]);
        Assert.StartsWith("7,0030401a5.jpg,2,3,\"SmoothGrad(batched=true,n=50)\",SmoothGrad,ReLU-99,0.123456789012345,", text[1], StringComparison.Ordinal);
        Assert.Contains(",GradCAM++,All-100,,,0.1,10,", text[2], StringComparison.Ordinal);
        var back = ResultsFolder.Open(dir.Path).Rows;
        Assert.Equal(rows.Length, back.Count);
        for (int i = 0; i < rows.Length; i++)
        {
            // NaN != NaN in record equality: compare the text form instead.
            Assert.Equal(RowsCsv.Line(rows[i]), RowsCsv.Line(back[i]));
        }

        Assert.Equal("train/\"odd\",id", back[2].SourceId);
        Assert.True(double.IsNaN(back[1].Distance));
        Assert.Equal(RunDescription.BenchKind, RunDescription.Read(File.ReadAllText(dir.File(RunDescription.FileName)))!.Kind);
    }

    [Fact]
    public void Rows_written_before_the_spelling_was_unified_are_read_the_same()
    {
        using var dir = new TempDir();
        File.WriteAllLines(dir.File("rows.csv"),
        [
            "sample,source_id,patch_index,label,variant,method,normalization,distance,energy,seconds,fps,forward_passes,backward_passes",
            "1,a,0,1,V,V,All-100,0.5,0.25,0.1,10,1,1",
        ]);
        var row = Assert.Single(RowsCsv.Read(dir.File("rows.csv")));
        Assert.Equal(("All-100", 0.5, 0.25, 10.0), (row.Normalisation, row.Distance, row.Energy, row.Fps));
    }

    [Fact]
    public void Malformed_rows_are_input_errors_naming_line_and_field()
    {
        using var dir = new TempDir();
        File.WriteAllLines(dir.File("rows.csv"), [RowsCsv.Header, "1,a,0,1,V,V,All-100,0.5,0.5,0.1,10,1,1", "2,a,x,1,V,V,All-100,0.5,0.5,0.1,10,1,1"]);
        var e = Assert.Throws<InputException>(() => RowsCsv.Read(dir.File("rows.csv")));
        Assert.Contains(":3: patch_index:", e.Message, StringComparison.Ordinal);
        File.WriteAllLines(dir.File("rows.csv"), ["sample,variant,method,distance,energy,seconds", "1,V,V,0.5,0.5,0.1"]);
        Assert.Equal("normalisation", Assert.Throws<InputException>(() => RowsCsv.Read(dir.File("rows.csv"))).Field);
    }

    [Fact]
    public void An_interrupted_writer_keeps_its_rows_as_partial_and_leaves_an_earlier_complete_folder_readable()
    {
        using var dir = new TempDir();
        using (var first = new ResultsFolderWriter(dir.Path))
        {
            first.Add([Row(1, "A", "All-100", 0.4)]);
            first.Complete(Run("A"));
        }

        using (var second = new ResultsFolderWriter(dir.Path))
        {
            second.Add([Row(1, "B", "All-100", 0.9), Row(2, "B", "All-100", 0.8)]);
            Assert.Equal("A", Assert.Single(ResultsFolder.Open(dir.Path).Rows).Variant); // not replaced before Complete
        }

        Assert.Equal("A", Assert.Single(ResultsFolder.Open(dir.Path).Rows).Variant);
        Assert.Equal(2, RowsCsv.Read(dir.File("rows.partial.csv")).Count);
        Assert.Empty(Directory.GetFiles(dir.Path, AtomicFile.TemporaryPrefix + "*"));
    }

    [Fact]
    public void Table3_is_the_median_of_defined_distances_per_variant_and_normalisation()
    {
        var rows = new List<ResultRow>
        {
            Row(1, "A", "All-100", 0.1), Row(2, "A", "All-100", 0.9), Row(3, "A", "All-100", 0.3), Row(4, "A", "All-100", double.NaN),
            Row(1, "A", "ReLU-99", 0.5), Row(2, "A", "ReLU-99", 0.7),
            Row(1, "B(x=1,y=2)", "All-100", double.NaN), Row(1, "B(x=1,y=2)", "ReLU-99", 0.25),
        };
        var t = ScoreTable.FromRows(rows);
        Assert.Equal(["A", "B(x=1,y=2)"], t.Variants);
        Assert.Equal(["All-100", "ReLU-99"], t.Normalisations);
        Assert.Equal(0.3, t.Cell("A", "All-100")!.Median, 12);    // median of 0.1, 0.9, 0.3 (NaN left out)
        Assert.Equal((4, 3), (t.Cell("A", "All-100")!.Rows, t.Cell("A", "All-100")!.Defined));
        Assert.Equal(0.6, t.Cell("A", "ReLU-99")!.Median, 12);    // median of 0.5, 0.7
        Assert.True(double.IsNaN(t.Cell("B(x=1,y=2)", "All-100")!.Median));
        Assert.Equal("ReLU-99", t.Best["B(x=1,y=2)"]);
        var csv = ResultTables.Table3AsCsv(t, rows).Split('\n');
        Assert.Equal("variant,method,All-100,ReLU-99,best,samples", csv[0]);
        Assert.Equal("\"B(x=1,y=2)\",B,,0.25,ReLU-99,1", csv[2]);
        Assert.Contains("| A | 0.300 | 0.600 |", ResultTables.Table3AsMarkdown(t), StringComparison.Ordinal);
    }

    [Fact]
    public void Speed_counts_each_map_once_and_takes_percentiles_of_fps()
    {
        // Two normalisation rows per map must not double-count; fps of the 5 maps: 1, 2, 3, 4, 100.
        var rows = new[] { 1.0, 2, 3, 4, 100 }.SelectMany((fps, i) => new[]
        {
            Row(i, "V", "All-100", 0.5, fps), Row(i, "V", "Abs-99", 0.5, fps),
        }).ToList();
        var speed = Assert.Single(FpsPercentiles.FromRows(rows, ["V"]));
        Assert.Equal(5, speed.Samples);
        Assert.Equal(3, speed.P50, 12);
        Assert.Equal(1 + (0.2 * 1), speed.P5, 12);         // numpy linear: h = 4 * 0.05 = 0.2
        Assert.Equal(4 + (0.96 * 96), speed.P99, 9);       // h = 3.96
        Assert.Equal(1.0 / 3, speed.SecondsMedian, 12);
    }

    [Fact]
    public void Table1_sidecar_of_a_patch_set_is_read_and_checked()
    {
        using var dir = new TempDir();
        var patchSet = dir.File("p.salpatch");
        Assert.Null(Table1Json.TryReadSidecar(patchSet));
        File.WriteAllText(Table1Json.SidecarOf(patchSet), "{\"dataset\":\"x\",\"1\":-3}");
        Assert.Equal("1", Assert.Throws<InputException>(() => Table1Json.TryReadSidecar(patchSet)).Field);
    }
}
