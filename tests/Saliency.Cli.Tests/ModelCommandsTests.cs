using System.Text.Json;
using Saliency.Core.Data;
using Saliency.Core.Data.Samples;
using Saliency.Core.IO;
using Saliency.TestFixtures;
using Saliency.Torch.Model;
using Saliency.Torch.Training;
using TorchSharp;

namespace Saliency.Cli.Tests;

/// <summary><c>saliency train</c>, <c>select</c> and <c>verify-model</c> end to end on a tiny written patch set.</summary>
public class ModelCommandsTests
{
    private const int Size = 64;

    /// <summary>
    /// 40 patches of 64 x 64 in 20 source images (2 patches each): label 0 noise, 1 bright square, 2 dark line,
    /// 255 both. The mask marks the painted pixels.
    /// </summary>
    private static string WritePatchSet(string path)
    {
        var random = new Random(4);
        byte[] cycle = [0, 1, 2, 1, 2, 0, 255, 1];
        var patches = new List<PatchRecord>();
        for (int n = 0; n < 40; n++)
        {
            byte label = cycle[n % cycle.Length];
            var pixels = new byte[Size * Size];
            var mask = new byte[Size * Size];
            int background = 60 + random.Next(80);
            int cx = random.Next(16, 48), cy = random.Next(16, 48);
            for (int y = 0; y < Size; y++)
            {
                for (int x = 0; x < Size; x++)
                {
                    int i = (y * Size) + x;
                    pixels[i] = (byte)(background + random.Next(-20, 21));
                    bool square = label is 1 or 255 && Math.Abs(x - cx) < 8 && Math.Abs(y - cy) < 8;
                    bool line = label is 2 or 255 && Math.Abs(y - cy) < 2;
                    if (line)
                    {
                        (pixels[i], mask[i]) = ((byte)10, (byte)2);
                    }
                    else if (square)
                    {
                        (pixels[i], mask[i]) = ((byte)245, (byte)1);
                    }
                }
            }

            patches.Add(new PatchRecord(pixels, mask, label, new PatchProvenance($"img{n / 2}.jpg", n % 2, n / 2)));
        }

        PatchSetWriter.Write(path, new PatchSetDescription("tiny", ["square", "line"], Size, Size, new Dictionary<string, string>()), patches);
        return path;
    }

    private static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    [Fact]
    public void Train_then_select_writes_consistent_model_report_and_samples()
    {
        using var dir = new TempDir();
        var data = WritePatchSet(dir.File("tiny.patches"));
        var model = dir.File("model.safetensors");
        var (code, stdout, stderr) = Run("train", "--data", data, "--out", model, "--epochs", "3", "--batch-size", "8", "--seed", "5", "--threads", "2");
        Assert.True(code == 0, stderr + stdout);
        Assert.Contains("epoch 3/3", stderr);
        Assert.Contains("ETA", stderr);
        Assert.Contains("validation accuracy", stdout);

        // Expected split computed here from the data API: multiple-class patches excluded.
        var patchSet = PatchSet.Load(data);
        var split = HoldoutSplit.Create(patchSet, 0.25, 5);
        var labels = patchSet.Labels();
        using (var loaded = ModelStore.Load(model))
        {
            Assert.True(loaded.IsProjectCheckpoint);
            Assert.Equal([0, 1, 2], loaded.Metadata.ClassIds);
            Assert.Equal(["no defect", "square", "line"], loaded.Metadata.ClassNames);
            Assert.True(loaded.Classifier.Normalisation.IsIdentity);
            Assert.Equal(64, loaded.Metadata.PatchSize);
            var training = loaded.Metadata.Training!;
            Assert.Equal(5UL, training.Seed);
            Assert.Equal(["layer3", "layer4", "fc"], training.TrainedStages);
            Assert.Equal(split.Validation.Length, training.ValidationCount);
            Assert.Equal(FileDigest.Sha256(data), training.PatchSetSha256);
        }

        using (var report = JsonDocument.Parse(File.ReadAllText(dir.File("model.json"))))
        {
            var matrix = report.RootElement.GetProperty("confusionMatrix").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetInt32()).ToArray()).ToArray();
            int[] expectedValidation = [.. new[] { 0, 1, 2 }.Select(c => split.Validation.Count(i => labels[i] == c))];
            Assert.Equal(expectedValidation, matrix.Select(r => r.Sum()));
            int[] expectedTrain = [.. new[] { 0, 1, 2 }.Select(c => split.Train.Count(i => labels[i] == c))];
            Assert.Equal(expectedTrain, report.RootElement.GetProperty("trainClassCounts").EnumerateArray().Select(v => v.GetInt32()));
            Assert.Equal(labels.Count(l => l == PatchLabels.Multiple), report.RootElement.GetProperty("excludedMultiple").GetInt32());
            double accuracy = report.RootElement.GetProperty("validationAccuracy").GetDouble();
            Assert.Equal((double)matrix.Select((r, i) => r[i]).Sum() / matrix.Sum(r => r.Sum()), accuracy, 1e-12);
            Assert.Equal(3, report.RootElement.GetProperty("epochs").GetArrayLength());
        }

        var samplesPath = dir.File("samples.json");
        (code, stdout, stderr) = Run("select", "--data", data, "--model", model, "--min-confidence", "0.4", "--out", samplesPath);
        Assert.True(code == 0, stderr + stdout);
        var selection = SampleSelection.Load(samplesPath);

        // Independent: softmax of each validation defect patch's logits, one patch at a time.
        using var check = ModelStore.Load(model);
        var expected = new List<int>();
        foreach (int i in split.Validation.Where(i => labels[i] is 1 or 2))
        {
            using var input = check.Classifier.ToInput(patchSet.Pixels(i), Size, Size);
            using var noGrad = torch.no_grad();
            var z = check.Classifier.Forward(input).data<float>().ToArray();
            var p = z.Select(v => Math.Exp(v - z.Max())).ToArray();
            int predicted = Array.IndexOf(z, z.Max());
            if (predicted == labels[i] && p[predicted] / p.Sum() >= 0.4)
            {
                expected.Add(i);
            }
        }

        Assert.Equal(expected, selection.Samples.Select(s => s.Index));
        Assert.Equal(split.Validation.Count(i => labels[i] is 1 or 2), selection.Candidates);
        Assert.All(selection.Samples, s => Assert.Equal(($"img{s.Index / 2}.jpg", s.Index % 2, (int)labels[s.Index]), (s.SourceId, s.PatchIndex, s.Label)));
        Assert.Contains($"selected {expected.Count} of {selection.Candidates}", stdout);
        Assert.Equal(5UL, selection.SplitSeed);
    }

    [Fact]
    public void Select_refuses_other_data_and_bare_state_dicts_without_a_split()
    {
        using var dir = new TempDir();
        var data = WritePatchSet(dir.File("tiny.patches"));
        var bare = dir.File("bare.safetensors");
        torch.manual_seed(1);
        using (var network = new ResNet18(3))
        {
            SafeTensorsFile.Write(bare, network.state_dict());
        }

        var (code, _, stderr) = Run("select", "--data", data, "--model", bare, "--out", dir.File("s.json"));
        Assert.Equal(2, code);
        Assert.Contains("give --seed and --val-fraction", stderr);

        (code, _, stderr) = Run("select", "--data", data, "--model", bare, "--out", dir.File("s.json"), "--seed", "3", "--val-fraction", "0.25", "--min-confidence", "1.5");
        Assert.Equal(2, code);
        Assert.Contains("--min-confidence", stderr);

        (code, _, stderr) = Run("select", "--data", data, "--model", dir.File("missing.safetensors"), "--out", dir.File("s.json"));
        Assert.Equal(2, code);
        Assert.Contains("missing.safetensors", stderr);

        (code, _, stderr) = Run("train", "--data", data, "--out", dir.File("m.json"));
        Assert.Equal(2, code);
        Assert.Contains("--out", stderr);
    }

    [Fact]
    public void Verify_model_accepts_matching_and_rejects_perturbed_reference_logits()
    {
        using var dir = new TempDir();
        torch.manual_seed(2);
        var weights = dir.File("w.safetensors");
        using var network = new ResNet18(4);
        network.eval();
        SafeTensorsFile.Write(weights, network.state_dict());
        using var input = torch.rand(2, 3, 40, 40);
        using var logits = network.forward(input).detach();
        var good = dir.File("good.safetensors");
        SafeTensorsFile.Write(good, new Dictionary<string, torch.Tensor> { ["input"] = input, ["logits"] = logits });
        var bad = dir.File("bad.safetensors");
        using var perturbed = logits + (logits.abs().max() * 1e-3);
        SafeTensorsFile.Write(bad, new Dictionary<string, torch.Tensor> { ["input"] = input, ["logits"] = perturbed });

        var (code, stdout, _) = Run("verify-model", "--model", weights, "--reference", good);
        Assert.Equal(0, code);
        Assert.StartsWith("OK", stdout);
        (code, stdout, _) = Run("verify-model", "--model", weights, "--reference", bad);
        Assert.Equal(1, code);
        Assert.StartsWith("MISMATCH", stdout);
    }
}
