using System.Text.Json;
using Saliency.Core.Data;
using Saliency.Core.IO;
using Saliency.TestFixtures;

namespace Saliency.Cli.Tests;

public class DataCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    /// <summary>Checks Table 1's JSON against the labels stored in the patch-set file.</summary>
    private static JsonElement AssertTableMatchesFile(string file, int classCount)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(file + ".table1.json"));
        var root = json.RootElement.Clone();
        var labels = PatchSet.Load(file).Labels();
        for (int c = 1; c <= classCount; c++)
        {
            Assert.Equal(labels.Count(l => l == c), root.GetProperty(c.ToString(System.Globalization.CultureInfo.InvariantCulture)).GetInt32());
            Assert.True(root.GetProperty("percent").TryGetProperty(c.ToString(System.Globalization.CultureInfo.InvariantCulture), out _));
        }

        Assert.Equal(labels.Count(l => l == PatchLabels.NoDefect), root.GetProperty("none").GetInt32());
        Assert.Equal(labels.Count(l => l == PatchLabels.Multiple), root.GetProperty("multiple").GetInt32());
        Assert.True(root.TryGetProperty("dropped_background", out _));
        var csv = File.ReadAllLines(file + ".table1.csv");
        Assert.Equal("class,count,percent", csv[0]);
        Assert.Contains($"multiple,{labels.Count(l => l == PatchLabels.Multiple)},", csv[classCount + 2]);
        return root;
    }

    [Fact]
    public void Synth_then_prepare_severstal()
    {
        using var dir = new TempDir();
        var data = Path.Combine(dir.Path, "synth");
        var (code, stdout, stderr) = Run("data", "synth", "--out", data, "--images", "8", "--seed", "3");
        Assert.True(code == 0, stderr);
        Assert.Contains("wrote 8 images", stdout);
        Assert.Equal(9, Directory.GetFiles(data).Length);

        var file = dir.File("synth.pset");
        (code, stdout, stderr) = Run("data", "prepare", "--severstal", data, "--out", file);
        Assert.True(code == 0, stderr);
        Assert.Contains("Table 1", stdout);
        Assert.Contains("prepare: 8/8 images", stderr);
        var table = AssertTableMatchesFile(file, 4);
        Assert.Equal(2, table.GetProperty("dropped_background").GetInt32()); // images 0 and 4 have a black edge slot
        Assert.Equal(8 * 6, table.GetProperty("total").GetInt32() + 2);
    }

    [Fact]
    public void Prepare_real_severstal_sample()
    {
        using var dir = new TempDir();
        var file = dir.File("sample.pset");
        var (code, stdout, stderr) = Run("data", "prepare", "--severstal", DataPaths.SeverstalSample, "--out", file);
        Assert.True(code == 0, stderr);
        Assert.Contains("skipped: 0 rows, 0 images", stdout);
        var table = AssertTableMatchesFile(file, 4);
        Assert.Equal(20 * 6, table.GetProperty("total").GetInt32() + table.GetProperty("dropped_background").GetInt32());

        // A stricter background rule (everything below 256 is black, drop above 0 %) drops every patch.
        (code, _, stderr) = Run("data", "prepare", "--severstal", DataPaths.SeverstalSample, "--out", file, "--black-threshold", "256", "--max-background", "0");
        Assert.True(code == 0, stderr);
        Assert.Equal(0, PatchSet.ReadHeader(file).Count);

        (code, stdout, _) = Run("data", "info", file);
        Assert.Equal(0, code);
        Assert.Contains("option blackThreshold: 256", stdout);
    }

    [Fact]
    public void Prepare_neu_test_split()
    {
        using var dir = new TempDir();
        var file = dir.File("neu.pset");
        var (code, _, stderr) = Run("data", "prepare", "--neu", DataPaths.NeuSeg, "--out", file, "--splits", "test");
        Assert.True(code == 0, stderr);
        var table = AssertTableMatchesFile(file, 3);
        Assert.False(table.TryGetProperty("4", out _));
        Assert.Equal(447, table.GetProperty("total").GetInt32());
    }

    [Fact]
    public void Bad_row_is_skipped_and_reported_or_fails_under_strict()
    {
        using var dir = new TempDir();
        ImageIO.WritePng(dir.File("a.png"), new GrayImage(1600, 256, Enumerable.Repeat((byte)100, 1600 * 256).ToArray()));
        File.WriteAllLines(dir.File("train.csv"), ["ImageId,ClassId,EncodedPixels", "a.png,1,8193 10", "a.png,2,1 2 3"]);
        var file = dir.File("o.pset");
        var (code, stdout, stderr) = Run("data", "prepare", "--severstal", dir.Path, "--out", file);
        Assert.True(code == 0, stderr);
        Assert.Contains("skipped: 1 rows, 1 images", stdout);
        Assert.Contains("skipped row: ", stderr);
        Assert.Contains("train.csv:3: EncodedPixels: run-length encoding has an odd number of values", stderr);

        (code, _, stderr) = Run("data", "prepare", "--severstal", dir.Path, "--out", file, "--strict");
        Assert.Equal(2, code);
        Assert.StartsWith("error: ", stderr);
        Assert.Contains("train.csv:3:", stderr);
    }

    [Fact]
    public void Prepare_needs_exactly_one_source()
    {
        using var dir = new TempDir();
        Assert.NotEqual(0, Run("data", "prepare", "--out", dir.File("x")).Code);
        Assert.NotEqual(0, Run("data", "prepare", "--severstal", dir.Path, "--neu", dir.Path, "--out", dir.File("x")).Code);
        var (code, _, stderr) = Run("data", "prepare", "--severstal", Path.Combine(dir.Path, "missing"), "--out", dir.File("x"));
        Assert.Equal(2, code);
        Assert.Contains("not found", stderr);
    }
}
