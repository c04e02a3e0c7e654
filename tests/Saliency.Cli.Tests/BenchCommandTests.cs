using System.Text.Json;
using Saliency.Core.Data;
using Saliency.Core.Data.Samples;
using Saliency.Core.IO;
using Saliency.Core.Metrics;
using Saliency.Core.Results;
using Saliency.TestFixtures;
using Saliency.Torch.Methods;
using Saliency.Torch.Model;
using Saliency.Torch.Training;

namespace Saliency.Cli.Tests;

[Collection("torch commands")]
public sealed class BenchCommandTests
{
    private static (int Code, string Stdout, string Stderr) Run(params string[] args) => CliRunner.Run(args);

    /// <summary>The real Severstal sample as a patch set, and a samples file naming its first defect patches.</summary>
    internal static (string Data, string Samples, PatchSet Set) PrepareSample(TempDir dir, int count, string? wrongSource = null)
    {
        var data = dir.File("severstal.patches");
        var (code, _, stderr) = Run("data", "prepare", "--severstal", DataPaths.SeverstalSample, "--out", data);
        Assert.True(code == 0, stderr);
        var set = PatchSet.Load(data);
        var samples = Enumerable.Range(0, set.Count)
            .Where(i => set.Label(i) is >= 1 and <= 4)
            .Take(count)
            .Select(i => new SelectedSample(i, wrongSource ?? set.Provenance(i).SourceId, set.Provenance(i).PatchIndex, set.Label(i), 0.9))
            .ToList();
        var selection = new SampleSelection
        {
            PatchSet = data, PatchSetSha256 = FileDigest.Sha256(data), Model = "model.safetensors", ModelSha256 = "-", MinConfidence = 0.5,
            SplitSeed = 1, ValidationFraction = 0.2, Candidates = samples.Count, Samples = samples,
        };
        var path = dir.File("samples.json");
        selection.Save(path);
        return (data, path, set);
    }

    [Fact]
    public void Bench_writes_the_results_folder_with_scores_that_match_the_library()
    {
        using var dir = new TempDir();
        var model = MethodFixtures.SaveRandomModel(dir.File("model.safetensors"));
        var (data, samples, set) = PrepareSample(dir, count: 3);
        var outDir = dir.File("results");

        var (code, stdout, stderr) = Run("bench", "--data", data, "--model", model, "--samples", samples, "--limit", "2",
            "--methods", "GradCAM", "DeepLift(reference=zero)", "--maps", "1", "--out", outDir);
        Assert.True(code == 0, stderr);
        Assert.Contains("bench: warm-up GradCAM", stderr, StringComparison.Ordinal);
        Assert.Contains("bench: 4/4", stderr, StringComparison.Ordinal);
        Assert.Contains("| GradCAM |", stdout, StringComparison.Ordinal);

        var rows = RowsCsv.Read(Path.Combine(outDir, "rows.csv"));
        Assert.Equal(2 * 2 * 6, rows.Count);
        var selected = SampleSelection.Load(samples).Samples.Take(2).ToList();
        Assert.Equal(selected.Select(s => s.Index), rows.Select(r => r.Sample).Distinct());

        // Independent: explain the first sample with the library and score it against its mask.
        var first = selected[0];
        using var loaded = ModelStore.Load(model);
        using var input = loaded.Classifier.ToInput(set.Pixels(first.Index), 256, 256);
        int predicted;
        using (TorchSharp.torch.no_grad())
        using (var logits = loaded.Classifier.Forward(input))
        {
            predicted = (int)logits[0].argmax().item<long>();
        }

        var map = SaliencyMethods.Create("DeepLift(reference=zero)").Explain(loaded.Classifier, input, predicted).Map;
        var mask = set.Mask(first.Index).Select(m => m == 0 ? (byte)0 : (byte)1).ToArray();
        foreach (var (normalisation, scores) in PointingGame.ScoreAll(map, MaskDistanceField.FromMask(mask, 256, 256)))
        {
            var row = rows.Single(r => r.Sample == first.Index && r.Variant == "DeepLift(reference=zero)" && r.Normalisation == normalisation.Name);
            Assert.Equal(scores.Distance, row.Distance, 4);
            Assert.Equal(scores.Energy, row.Energy, 4);
            Assert.Equal((first.SourceId, first.PatchIndex, first.Label.ToString(System.Globalization.CultureInfo.InvariantCulture)), (row.SourceId, row.PatchIndex, row.Label));
            Assert.Equal((1, 1), (row.ForwardPasses, row.BackwardPasses));
        }

        Assert.Equal(3, File.ReadAllLines(Path.Combine(outDir, "table3.csv")).Length);
        Assert.Equal(3, File.ReadAllLines(Path.Combine(outDir, "fps.csv")).Length);
        Assert.True(File.Exists(Path.Combine(outDir, "table3.md")));
        Assert.True(File.Exists(Path.Combine(outDir, "table1.json")));
        using var run = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "run.json")));
        Assert.Equal(2, run.RootElement.GetProperty("sample_count").GetInt32());
        Assert.Equal(["GradCAM", "DeepLift(reference=zero)"], run.RootElement.GetProperty("variants").EnumerateArray().Select(v => v.GetString()));
        var mapFolder = Assert.Single(Directory.GetDirectories(Path.Combine(outDir, "maps")));
        Assert.Equal(first.Index.ToString(System.Globalization.CultureInfo.InvariantCulture), Path.GetFileName(mapFolder));
        Assert.True(File.Exists(Path.Combine(mapFolder, "GradCAM.npy")));
    }

    [Fact]
    public void Samples_made_for_another_patch_set_are_a_user_error()
    {
        using var dir = new TempDir();
        var model = MethodFixtures.SaveRandomModel(dir.File("model.safetensors"));
        var (data, samples, _) = PrepareSample(dir, count: 1, wrongSource: "other.jpg");
        var (code, _, stderr) = Run("bench", "--data", data, "--model", model, "--samples", samples, "--methods", "GradCAM", "--out", dir.File("r"));
        Assert.Equal(2, code);
        Assert.Contains("samples made for another patch set", stderr, StringComparison.Ordinal);
    }
}
