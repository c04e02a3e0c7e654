using Saliency.Torch.Methods;
using TorchSharp;
using static TorchSharp.torch;

namespace Saliency.Torch.Tests.Methods;

/// <summary>VanillaGrad against finite differences; SmoothGrad against its definition and batched == unbatched.</summary>
public sealed class GradientMethodTests
{
    [Fact]
    public void VanillaGrad_matches_central_finite_differences_in_float64()
    {
        using var classifier = TestModels.Random(classes: 4, seed: 3);
        classifier.Network.to(ScalarType.Float64);
        using var input = TestModels.RealPatch(classifier, 64).to(ScalarType.Float64);
        var result = SaliencyMethods.Create("VanillaGrad").Explain(classifier, input);
        int t = result.Target;

        // The map is the derivative w.r.t. the grey value: all three channels of a pixel move together.
        const double h = 1e-5;
        var pixels = new[] { (5, 7), (31, 31), (40, 12), (63, 0), (20, 50) };
        double scale = result.Map.Max(v => Math.Abs((double)v));
        foreach (var (y, x) in pixels)
        {
            double Logit(double step)
            {
                using var scope = NewDisposeScope();
                using var noGrad = no_grad();
                var shifted = input.clone();
                shifted[.., .., y, x] += step;
                return classifier.Forward(shifted)[0, t].item<double>();
            }

            double finiteDifference = (Logit(h) - Logit(-h)) / (2 * h);
            Assert.True(
                Math.Abs(finiteDifference - result.Map[(y * 64) + x]) <= (1e-4 * scale) + 1e-6,
                $"pixel ({y},{x}): finite difference {finiteDifference}, gradient {result.Map[(y * 64) + x]}");
        }
    }

    [Fact]
    public void SmoothGrad_is_the_mean_vanilla_gradient_of_seeded_noisy_copies()
    {
        using var classifier = TestModels.Random(classes: 3, seed: 5);
        using var input = TestModels.RealPatch(classifier, 64);
        const int n = 6, seed = 42;
        var smooth = SaliencyMethods.Create($"SmoothGrad(n={n},seed={seed},noise=0.05)").Explain(classifier, input, target: 1);

        // Independent: draw the same noise stream here, take VanillaGrad of each noisy copy, average.
        using var generator = new TorchSharp.torch.Generator(seed, input.device);
        double sigma = 0.05 * (input.max().item<float>() - input.min().item<float>());
        var vanilla = SaliencyMethods.Create("VanillaGrad");
        var mean = new double[64 * 64];
        for (int i = 0; i < n; i++)
        {
            using var noisy = input + (randn(input.shape, generator: generator) * sigma);
            var g = vanilla.Explain(classifier, noisy, target: 1).Map;
            for (int p = 0; p < mean.Length; p++)
            {
                mean[p] += g[p] / (double)n;
            }
        }

        double scale = TestModels.MaxAbs(mean);
        for (int p = 0; p < mean.Length; p++)
        {
            Assert.True(Math.Abs(mean[p] - smooth.Map[p]) <= 1e-5 * scale, $"pixel {p}: {mean[p]} vs {smooth.Map[p]}");
        }

        // The noise matters: the plain gradient is a different map.
        var plain = vanilla.Explain(classifier, input, target: 1).Map;
        Assert.True(plain.Zip(smooth.Map).Max(z => Math.Abs(z.First - z.Second)) > 1e-3 * scale);
    }

    [Fact]
    public void SmoothGrad_batched_equals_unbatched_for_the_same_seed_and_differs_for_another_seed()
    {
        using var classifier = TestModels.Random(classes: 3, seed: 6);
        using var input = TestModels.RealPatch(classifier, 64, left: 300);
        var unbatched = SaliencyMethods.Create("SmoothGrad(batched=false,n=10,seed=9)").Explain(classifier, input);
        var batched = SaliencyMethods.Create("SmoothGrad(batched=true,n=10,seed=9)").Explain(classifier, input);
        var otherSeed = SaliencyMethods.Create("SmoothGrad(batched=true,n=10,seed=10)").Explain(classifier, input);

        double scale = unbatched.Map.Max(v => Math.Abs((double)v));
        Assert.True(scale > 0);
        Assert.All(unbatched.Map.Zip(batched.Map), z => Assert.True(Math.Abs(z.First - z.Second) <= 1e-5 * scale, $"{z.First} vs {z.Second}"));
        Assert.True(unbatched.Map.Zip(otherSeed.Map).Max(z => Math.Abs(z.First - z.Second)) > 1e-3 * scale);
        Assert.Equal((11, 10, 1), (unbatched.ForwardPasses, unbatched.BackwardPasses, unbatched.BatchSize));
        Assert.Equal((2, 1, 10), (batched.ForwardPasses, batched.BackwardPasses, batched.BatchSize));
    }
}
