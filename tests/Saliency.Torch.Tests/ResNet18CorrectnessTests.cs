using Saliency.TestFixtures;
using Saliency.Torch.Model;
using TorchSharp;

namespace Saliency.Torch.Tests;

/// <summary>
/// The model's logits equal an independent plain-C# ResNet-18 forward pass with the same weights, loaded from a
/// safetensors file the test writes itself.
/// </summary>
public class ResNet18CorrectnessTests
{
    private const int Classes = 5;

    [Fact]
    public void Logits_match_an_independent_forward_pass_with_running_statistics()
    {
        using var dir = new TempDir();
        var weights = ResNet18Spec.RandomWeights(Classes, seed: 11);
        var path = dir.File("random.safetensors");
        MiniSafeTensorsWriter.WriteResNet18(path, Classes, weights);

        // Odd sizes exercise padding and floor division; 2 images exercise batching; layer4 ends 2 x 2.
        const int height = 40, width = 37;
        var random = new Random(5);
        var images = Enumerable.Range(0, 2).Select(_ => Enumerable.Range(0, 3 * height * width).Select(_ => (float)random.NextDouble()).ToArray()).ToArray();

        using var loaded = ModelStore.Load(path);
        Assert.False(loaded.IsProjectCheckpoint);
        Assert.Equal(Classes, loaded.Classifier.NumClasses);
        Assert.Equal(["0", "1", "2", "3", "4"], loaded.Classifier.ClassNames);
        Assert.True(loaded.Classifier.Normalisation.IsIdentity);
        using var input = torch.tensor(images.SelectMany(i => i).ToArray(), [2, 3, height, width]);
        using var noGrad = torch.no_grad();
        using var logits = loaded.Classifier.Forward(input);
        var actual = logits.data<float>().ToArray();

        var reference = new NaiveResNet18(weights, Classes);
        for (int n = 0; n < 2; n++)
        {
            var expected = reference.Forward(images[n], height, width);
            double scale = expected.Max(Math.Abs);
            Assert.True(scale > 0.1, $"degenerate logits {scale}");
            for (int k = 0; k < Classes; k++)
            {
                double error = Math.Abs(actual[(n * Classes) + k] - expected[k]);
                Assert.True(error <= 1e-4 * scale, $"image {n} logit {k}: {actual[(n * Classes) + k]} vs {expected[k]}");
            }
        }
    }

    [Fact]
    public void Eval_mode_uses_and_keeps_the_running_statistics()
    {
        using var dir = new TempDir();
        var weights = ResNet18Spec.RandomWeights(Classes, seed: 3);
        var path = dir.File("a.safetensors");
        MiniSafeTensorsWriter.WriteResNet18(path, Classes, weights);
        var shifted = weights.ToDictionary(w => w.Key, w => w.Key == "layer4.1.bn2.running_mean" ? w.Value.Select(v => v + 0.5f).ToArray() : w.Value);
        var shiftedPath = dir.File("b.safetensors");
        MiniSafeTensorsWriter.WriteResNet18(shiftedPath, Classes, shifted);

        using var a = ModelStore.Load(path);
        using var b = ModelStore.Load(shiftedPath);
        using var input = torch.rand(3, 3, 32, 32, generator: new torch.Generator(1));
        using var noGrad = torch.no_grad();
        using var la = a.Classifier.Forward(input);
        using var la2 = a.Classifier.Forward(input);
        using var lb = b.Classifier.Forward(input);

        // Same input twice: identical (no batch statistics, no running-stat update); shifted running mean: different.
        Assert.Equal(la.data<float>().ToArray(), la2.data<float>().ToArray());
        Assert.True((la - lb).abs().max().item<float>() > 1e-3f);
        var runningMean = a.Classifier.Network.state_dict()["layer4.1.bn2.running_mean"].data<float>().ToArray();
        Assert.Equal(weights["layer4.1.bn2.running_mean"], runningMean);
    }
}
