using Saliency.Torch.Methods;
using TorchSharp;
using static TorchSharp.torch;

namespace Saliency.Torch.Tests.Methods;

/// <summary>GradCAM, GradCAM++ and ScoreCAM against their formulas worked out in the test from raw activations.</summary>
public sealed class CamTests
{
    private const int Size = 64;

    [Theory]
    [InlineData("layer4", false, 0)]
    [InlineData("layer3", false, 0)]
    [InlineData("layer4", true, 0)]
    [InlineData("layer4", true, 1e-6)]
    [InlineData("layer3", true, 0.01)]
    public void GradCam_variants_match_the_formula_from_activations_and_gradients(string layer, bool plusPlus, double eps)
    {
        using var classifier = TestModels.Random(classes: 3, seed: 17);
        using var input = TestModels.RealPatch(classifier, Size, left: 700, top: 40);
        var (a, g, k, h, w, target) = ActivationsAndGradients(classifier, input, layer);

        var weights = new double[k];
        for (int c = 0; c < k; c++)
        {
            if (!plusPlus)
            {
                weights[c] = Enumerable.Range(0, h * w).Average(i => g[(c * h * w) + i]);
                continue;
            }

            double activationSum = Enumerable.Range(0, h * w).Sum(i => a[(c * h * w) + i]);
            for (int i = 0; i < h * w; i++)
            {
                double gi = g[(c * h * w) + i];
                double denominator = (2 * gi * gi) + (activationSum * gi * gi * gi) + eps;
                double alpha = gi == 0 || denominator == 0 ? 0 : gi * gi / denominator;
                weights[c] += alpha * Math.Max(gi, 0);
            }
        }

        var expected = ReluWeightedSumUpsampled(a, weights, k, h, w);
        var id = plusPlus
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"GradCAM++(eps={eps:R},layer={layer})")
            : $"GradCAM(layer={layer})";
        var map = SaliencyMethods.Create(id).Explain(classifier, input, target).Map;
        AssertClose(expected, map);
    }

    [Theory]
    [InlineData("probability", "bilinear")]
    [InlineData("logit-softmax", "bilinear")]
    [InlineData("probability", "bilinear-align-corners")]
    [InlineData("logit-softmax", "bilinear-align-corners")]
    public void ScoreCam_at_layer2_weights_come_from_separately_masked_inputs_and_batching_does_not_change_the_map(string weighting, string masks)
    {
        using var classifier = TestModels.Random(classes: 3, seed: 19);
        using var input = TestModels.RealPatch(classifier, Size, left: 1200, top: 60);
        int k, h, w, target;
        double[] a;
        using (no_grad())
        {
            var (logits, features) = classifier.ForwardCapturing(input, "layer2");
            using (logits)
            using (features)
            {
                target = (int)logits[0].argmax().item<long>();
                a = TestModels.ToDoubles(features!);
                (k, h, w) = ((int)features!.shape[1], (int)features.shape[2], (int)features.shape[3]);
            }
        }

        // One forward per mask, written out: bilinear upsample, min-max to [0, 1], multiply, softmax[target]; or
        // (pytorch-grad-cam) the target logit per mask and a softmax over the masks, and/or align_corners=true.
        bool logitSoftmax = weighting == "logit-softmax";
        var weights = new double[k];
        for (int c = 0; c < k; c++)
        {
            var plane = a.AsSpan(c * h * w, h * w).ToArray();
            var up = masks == "bilinear"
                ? TestModels.Bilinear(plane, h, w, Size, Size)
                : TestModels.BilinearAlignCorners(plane, h, w, Size, Size);
            double min = up.Min(), max = up.Max();
            var mask = up.Select(v => max > min ? (v - min) / (max - min) : 0).ToArray();
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var maskTensor = tensor(mask.Select(v => (float)v).ToArray()).reshape(1, 1, Size, Size);
            var logits = classifier.Forward(input * maskTensor);
            weights[c] = logitSoftmax ? logits[0, target].item<float>() : nn.functional.softmax(logits, 1)[0, target].item<float>();
        }

        if (logitSoftmax)
        {
            double max = weights.Max();
            var exp = weights.Select(v => Math.Exp(v - max)).ToArray();
            weights = [.. exp.Select(v => v / exp.Sum())];
        }

        var expected = ReluWeightedSumUpsampled(a, weights, k, h, w);
        var batch25 = SaliencyMethods.Create($"ScoreCAM(batch=25,layer=layer2,masks={masks},weights={weighting})").Explain(classifier, input);
        var batch1 = SaliencyMethods.Create($"ScoreCAM(batch=1,layer=layer2,masks={masks},weights={weighting})").Explain(classifier, input);
        Assert.Equal(target, batch25.Target);
        AssertClose(expected, batch25.Map);
        AssertClose(batch1.Map.Select(v => (double)v).ToArray(), batch25.Map);
    }

    private static (double[] A, double[] G, int K, int H, int W, int Target) ActivationsAndGradients(
        Model.Classifier classifier, Tensor input, string layer)
    {
        using var scope = NewDisposeScope();
        var (logits, features) = classifier.ForwardCapturing(input, layer);
        int target = (int)logits[0].argmax().item<long>();
        var gradient = torch.autograd.grad([logits[0, target]], [features!])[0];
        return (TestModels.ToDoubles(features!), TestModels.ToDoubles(gradient),
            (int)features!.shape[1], (int)features.shape[2], (int)features.shape[3], target);
    }

    private static double[] ReluWeightedSumUpsampled(double[] a, double[] weights, int k, int h, int w)
    {
        var cam = new double[h * w];
        for (int i = 0; i < h * w; i++)
        {
            double s = 0;
            for (int c = 0; c < k; c++)
            {
                s += weights[c] * a[(c * h * w) + i];
            }

            cam[i] = Math.Max(s, 0);
        }

        return TestModels.Bilinear(cam, h, w, Size, Size);
    }

    private static void AssertClose(double[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = TestModels.MaxAbs(expected);
        Assert.True(scale > 0, "degenerate case: the expected map is all zero");
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-4 * scale, $"pixel {i}: expected {expected[i]}, got {actual[i]}");
        }
    }
}
