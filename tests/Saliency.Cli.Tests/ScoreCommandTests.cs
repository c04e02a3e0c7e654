using System.Text.Json;
using Saliency.Core.IO;
using Saliency.Core.Metrics;
using Saliency.TestFixtures;

namespace Saliency.Cli.Tests;

public class ScoreCommandTests
{
    private static readonly string[] Keys = ["All-100", "Abs-100", "ReLU-100", "All-99", "Abs-99", "ReLU-99"];

    [Theory]
    [InlineData("npy")]
    [InlineData("png")]
    public void Json_output_has_the_six_normalisations_equal_to_library_and_brute_force(string maskFormat)
    {
        const int height = 12, width = 20;
        var random = new Random(8);
        var map = Enumerable.Range(0, height * width).Select(_ => (float)((random.NextDouble() * 2) - 0.6)).ToArray();
        var mask = new byte[height * width];
        for (int y = 3; y < 6; y++)
        {
            for (int x = 10; x < 15; x++)
            {
                mask[(y * width) + x] = 1;
            }
        }

        using var dir = new TempDir();
        var mapPath = dir.File("map.npy");
        NpyFile.WriteFloat32(mapPath, map, height, width);
        var maskPath = dir.File("mask." + maskFormat);
        if (maskFormat == "npy")
        {
            NpyFile.WriteUInt8(maskPath, mask, height, width);
        }
        else
        {
            ImageIO.WritePng(maskPath, new GrayImage(width, height, mask.Select(m => (byte)(m * 255)).ToArray()));
        }

        var (code, output, error) = Run("score", "--map", mapPath, "--mask", maskPath);
        Assert.True(code == 0, error);

        using var json = JsonDocument.Parse(output);
        Assert.Equal(Keys, json.RootElement.EnumerateObject().Select(p => p.Name));
        var library = PointingGame.ScoreAll(map, MaskDistanceField.FromMask(mask, height, width));
        foreach (var (normalisation, scores) in library)
        {
            var entry = json.RootElement.GetProperty(normalisation.Name);
            double distance = entry.GetProperty("distance").GetDouble();
            double energy = entry.GetProperty("energy").GetDouble();
            Assert.Equal(scores.Distance, distance);
            Assert.Equal(scores.Energy, energy);

            var reference = BruteForcePointingGame.Score(map, mask, height, width, normalisation.Rectifier.ToString(), normalisation.Percentile);
            Assert.Equal(reference.Distance, distance, 1e-9);
            Assert.Equal(reference.Energy, energy, 1e-9);
            Assert.InRange(distance, 0, 1);
            Assert.InRange(energy, 0, 1);
        }
    }

    [Fact]
    public void Table_output_lists_the_six_normalisations_in_aligned_columns()
    {
        using var dir = new TempDir();
        var (mapPath, maskPath) = WriteSmallCase(dir, new byte[] { 0, 0, 1, 1, 0, 0 });
        var (code, output, _) = Run("score", "--map", mapPath, "--mask", maskPath, "--format", "table");
        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(7, lines.Length);
        Assert.StartsWith("normalisation", lines[0], StringComparison.Ordinal);
        Assert.Equal(Keys, lines[1..].Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]));
        Assert.Single(lines.Select(l => l.TrimEnd().Length).Distinct());
    }

    [Fact]
    public void Empty_mask_gives_null_scores_with_a_reason()
    {
        using var dir = new TempDir();
        var (mapPath, maskPath) = WriteSmallCase(dir, new byte[6]);
        var (code, output, _) = Run("score", "--map", mapPath, "--mask", maskPath);
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        foreach (var key in Keys)
        {
            var entry = json.RootElement.GetProperty(key);
            Assert.Equal(JsonValueKind.Null, entry.GetProperty("distance").ValueKind);
            Assert.Equal(JsonValueKind.Null, entry.GetProperty("energy").ValueKind);
            Assert.Equal("empty mask", entry.GetProperty("undefined").GetString());
        }
    }

    [Fact]
    public void Size_mismatch_is_a_clear_error_with_exit_code_2()
    {
        using var dir = new TempDir();
        var mapPath = dir.File("map.npy");
        NpyFile.WriteFloat32(mapPath, new float[6], 2, 3);
        var maskPath = dir.File("mask.npy");
        NpyFile.WriteUInt8(maskPath, new byte[6], 3, 2);
        var (code, _, error) = Run("score", "--map", mapPath, "--mask", maskPath);
        Assert.Equal(2, code);
        Assert.StartsWith("error:", error, StringComparison.Ordinal);
        Assert.Contains("mask.npy", error);
        Assert.Contains("3 x 2", error);
        Assert.Contains("2 x 3", error);
    }

    [Fact]
    public void Bad_map_file_and_missing_options_fail()
    {
        using var dir = new TempDir();
        var mapPath = dir.File("map.npy");
        File.WriteAllText(mapPath, "not numpy");
        var maskPath = dir.File("mask.npy");
        NpyFile.WriteUInt8(maskPath, new byte[6], 2, 3);
        var (code, _, error) = Run("score", "--map", mapPath, "--mask", maskPath);
        Assert.Equal(2, code);
        Assert.Contains("map.npy: magic:", error);

        Assert.NotEqual(0, Run("score", "--map", mapPath).Code);
        Assert.NotEqual(0, Run("score", "--map", mapPath, "--mask", maskPath, "--format", "xml").Code);
    }

    private static (string Map, string Mask) WriteSmallCase(TempDir dir, byte[] mask)
    {
        var mapPath = dir.File("map.npy");
        NpyFile.WriteFloat32(mapPath, [0.1f, -0.4f, 2f, 0.3f, 0f, 1f], 2, 3);
        var maskPath = dir.File("mask.npy");
        NpyFile.WriteUInt8(maskPath, mask, 2, 3);
        return (mapPath, maskPath);
    }

    private static (int Code, string Output, string Error) Run(params string[] args) => CliRunner.Run(args);
}
