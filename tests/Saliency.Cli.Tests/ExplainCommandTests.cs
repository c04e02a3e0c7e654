using System.Text.Json;
using Saliency.Core.IO;
using Saliency.Core.Metrics;
using Saliency.TestFixtures;
using Saliency.Torch.Methods;
using Saliency.Torch.Model;
using static TorchSharp.torch;

namespace Saliency.Cli.Tests;

[Collection("torch commands")]
public sealed class ExplainCommandTests(SavedRandomModel saved) : IClassFixture<SavedRandomModel>
{
    private static (int Code, string Stdout, string Stderr) Run(params string[] args) => CliRunner.Run(args);

    [Fact]
    public void Explain_on_a_real_patch_writes_raw_and_normalised_maps_overlay_and_scores_that_match_the_library()
    {
        using var dir = new TempDir();
        var model = saved.Path;
        var (patch, mask) = MethodFixtures.RealPatch();
        ImageIO.WritePng(dir.File("patch.png"), patch);
        NpyFile.WriteUInt8(dir.File("mask.npy"), mask, 256, 256);
        var outDir = dir.File("out");

        var (code, stdout, stderr) = Run("explain", "--model", model, "--image", dir.File("patch.png"), "--mask", dir.File("mask.npy"),
            "--method", "GradCAM", "VanillaGrad", "--out", outDir);
        Assert.True(code == 0, stderr);
        Assert.Contains("predicted class", stdout, StringComparison.Ordinal);

        // Independent path: the library on the same model and pixels.
        using var loaded = ModelStore.Load(model);
        using var input = loaded.Classifier.ToInput(patch);
        float[] probabilities;
        using (no_grad())
        {
            probabilities = nn.functional.softmax(loaded.Classifier.Forward(input), 1)[0].data<float>().ToArray();
        }

        int predicted = Array.IndexOf(probabilities, probabilities.Max());
        var field = MaskDistanceField.FromMask(mask, 256, 256);
        foreach (var id in new[] { "GradCAM", "VanillaGrad" })
        {
            var folder = Path.Combine(outDir, id);
            var expected = SaliencyMethods.Create(id).Explain(loaded.Classifier, input);
            var (raw, h, w) = SaliencyMapFile.Read(Path.Combine(folder, "map.npy"));
            Assert.Equal((256, 256), (h, w));
            double scale = expected.Map.Max(v => Math.Abs(v));
            Assert.All(raw.Zip(expected.Map), z => Assert.True(Math.Abs(z.First - z.Second) <= 1e-5 * scale));

            foreach (var n in Normalisation.Table3)
            {
                var normalised = NpyFile.Read(Path.Combine(folder, n.Name + ".npy")).ToSingleArray();
                Assert.Equal(n.Apply(raw), normalised);
            }

            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "result.json")));
            var root = json.RootElement;
            Assert.Equal(id, root.GetProperty("variant").GetString());
            Assert.Equal(predicted, root.GetProperty("predicted_class").GetInt32());
            Assert.Equal(predicted, root.GetProperty("target").GetInt32());
            Assert.Equal(MethodFixtures.ClassNames[predicted], root.GetProperty("predicted_name").GetString());
            Assert.Equal(probabilities, root.GetProperty("probabilities").EnumerateArray().Select(e => e.GetSingle()));
            Assert.Equal((1, 1), (root.GetProperty("forward_passes").GetInt32(), root.GetProperty("backward_passes").GetInt32()));
            Assert.True(root.GetProperty("seconds").GetDouble() > 0);
            foreach (var (normalisation, scores) in PointingGame.ScoreAll(raw, field))
            {
                var entry = root.GetProperty("scores").GetProperty(normalisation.Name);
                Assert.Equal(scores.Distance, entry.GetProperty("distance").GetDouble(), 12);
                Assert.Equal(scores.Energy, entry.GetProperty("energy").GetDouble(), 12);
            }

            var overlay = ImageIO.ReadGray(Path.Combine(folder, "overlay.png"));
            Assert.Equal((256, 256), (overlay.Height, overlay.Width));
        }

        using var all = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "explain.json")));
        Assert.Equal(2, all.RootElement.GetArrayLength());
    }

    [Fact]
    public void Npy_input_is_used_as_is_and_params_apply_to_the_selected_method()
    {
        using var dir = new TempDir();
        var model = MethodFixtures.SaveRandomModel(dir.File("model.safetensors"), seed: 4);
        var values = new float[3 * 64 * 64];
        var random = new Random(5);
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)(random.NextDouble() * 2) - 0.5f;   // outside [0, 1]: must not be rescaled
        }

        NpyFile.WriteFloat32(dir.File("x.npy"), values, 3, 64, 64);
        var outDir = dir.File("out");
        var (code, _, stderr) = Run("explain", "--model", model, "--image", dir.File("x.npy"), "--method", "SmoothGrad",
            "--param", "n=3", "--param", "batched=true", "--target", "2", "--out", outDir);
        Assert.True(code == 0, stderr);
        Assert.Equal(["SmoothGrad(batched=true,n=3)"], Directory.GetDirectories(outDir).Select(Path.GetFileName));

        using var loaded = ModelStore.Load(model);
        using var input = tensor(values).reshape(1, 3, 64, 64);
        var expected = SaliencyMethods.Create("SmoothGrad(batched=true,n=3)").Explain(loaded.Classifier, input, 2);
        var (raw, _, _) = SaliencyMapFile.Read(Path.Combine(outDir, "SmoothGrad(batched=true,n=3)", "map.npy"));
        double scale = expected.Map.Max(v => Math.Abs(v));
        Assert.All(raw.Zip(expected.Map), z => Assert.True(Math.Abs(z.First - z.Second) <= 1e-5 * scale));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "SmoothGrad(batched=true,n=3)", "result.json")));
        Assert.Equal(2, json.RootElement.GetProperty("target").GetInt32());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("scores").ValueKind);
    }

    [Theory]
    [InlineData("--method", "LIME", "unknown saliency method 'LIME'")]
    [InlineData("--param", "samples=3", "no selected method has a parameter 'samples'")]
    [InlineData("--target", "9", "--target: class 9 is outside 0..4")]
    [InlineData("--mean", "0,0,0", "give both --mean and --std")]
    public void Bad_arguments_are_user_errors(string option, string value, string message)
    {
        using var dir = new TempDir();
        var model = saved.Path;
        ImageIO.WritePng(dir.File("x.png"), new GrayImage(64, 64, new byte[64 * 64]));
        var (code, _, stderr) = Run("explain", "--model", model, "--image", dir.File("x.png"), "--method", "GradCAM", option, value, "--out", dir.File("out"));
        Assert.Equal(2, code);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mask_of_another_size_is_a_user_error()
    {
        using var dir = new TempDir();
        var model = saved.Path;
        ImageIO.WritePng(dir.File("x.png"), new GrayImage(64, 64, new byte[64 * 64]));
        ImageIO.WritePng(dir.File("m.png"), new GrayImage(32, 64, new byte[64 * 32]));
        var (code, _, stderr) = Run("explain", "--model", model, "--image", dir.File("x.png"), "--mask", dir.File("m.png"), "--out", dir.File("out"));
        Assert.Equal(2, code);
        Assert.Contains("m.png: shape: mask is 64 x 32 but the image is 64 x 64", stderr, StringComparison.Ordinal);
    }
}
