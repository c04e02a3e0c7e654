using Saliency.Core.Benchmark;
using Saliency.Torch.Methods;
using TorchSharp;
using static TorchSharp.torch;

namespace Saliency.Torch.Tests.Methods;

/// <summary>
/// Every variant of <see cref="SaliencyMethods.AllVariants"/> (plus a few non-default parameters) through the same
/// checks: map shape, finite values, the predicted target when none is given and the given one otherwise,
/// probabilities = softmax of an independent forward, pass counts from the method's definition, and no tensor
/// leak across calls.
/// </summary>
public sealed class MethodMatrixTests
{
    private const int Size = 64;
    private const int Classes = 3;

    public static TheoryData<string> Variants()
    {
        var data = new TheoryData<string>();
        foreach (var v in SaliencyMethods.AllVariants)
        {
            data.Add(v.Id);
        }

        data.Add("GradCAM(layer=layer3)");
        data.Add("GradCAM++(layer=layer2.1)");
        data.Add("ScoreCAM(batch=7,layer=layer4)");
        data.Add("IntegratedGradients(batch=16,steps=20)");
        data.Add("DeepLift(reference=blur,sigma=2.5)");
        return data;
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Variant_gives_a_finite_map_for_the_right_target_with_the_stated_passes_and_no_leaks(string id)
    {
        using var classifier = TestModels.Random(Classes, seed: 7);
        using var input = TestModels.RealPatch(classifier, Size);
        var method = SaliencyMethods.Create(id);
        var (fwd, bwd, batch, predictForward) = ExpectedPasses(method.Variant, layerChannels: LayerChannels(method.Variant));

        double[] logits;
        using (no_grad())
        using (var l = classifier.Forward(input))
        {
            logits = TestModels.ToDoubles(l);
        }

        int predicted = Array.IndexOf(logits, logits.Max());
        var softmax = logits.Select(v => Math.Exp(v - logits.Max())).ToArray();
        var total = softmax.Sum();

        var first = method.Explain(classifier, input);
        Assert.Equal(predicted, first.Target);
        AssertWellFormed(first);
        Assert.Equal((fwd + predictForward, bwd, Math.Max(batch, 1)), (first.ForwardPasses, first.BackwardPasses, first.BatchSize));
        if (first.Probabilities is { } p)
        {
            Assert.Equal(Classes, p.Length);
            for (int c = 0; c < Classes; c++)
            {
                Assert.Equal(softmax[c] / total, p[c], 1e-5);
            }
        }

        int other = (predicted + 1) % Classes;
        long liveBefore = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var explicitTarget = method.Explain(classifier, input, other);
        Assert.Equal(liveBefore, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        Assert.Equal(other, explicitTarget.Target);
        AssertWellFormed(explicitTarget);
        Assert.Equal((fwd, bwd, batch), (explicitTarget.ForwardPasses, explicitTarget.BackwardPasses, explicitTarget.BatchSize));
    }

    private static void AssertWellFormed(SaliencyResult result)
    {
        Assert.Equal((Size, Size), (result.Height, result.Width));
        Assert.Equal(Size * Size, result.Map.Length);
        Assert.All(result.Map, v => Assert.True(float.IsFinite(v)));
        Assert.True(result.Seconds > 0);
    }

    /// <summary>Channels of a CAM layer of ResNet-18 (the masks ScoreCAM forwards).</summary>
    private static int LayerChannels(MethodVariant v)
    {
        var layer = v.Parameters.GetValueOrDefault("layer", "layer4");
        return layer switch
        {
            var l when l.StartsWith("layer1", StringComparison.Ordinal) => 64,
            var l when l.StartsWith("layer2", StringComparison.Ordinal) => 128,
            var l when l.StartsWith("layer3", StringComparison.Ordinal) => 256,
            var l when l.StartsWith("layer4", StringComparison.Ordinal) => 512,
            _ => 64,
        };
    }

    /// <summary>Passes with a given target, from each method's definition, and the extra forward when none is given.</summary>
    private static (int Forward, int Backward, int Batch, int PredictForward) ExpectedPasses(MethodVariant v, int layerChannels)
    {
        int Int(string name, int fallback) => v.GetInt(name, fallback);
        switch (v.Method)
        {
            case "VanillaGrad":
            case "GradCAM":
            case "GradCAM++":
                return (1, 1, 1, 0);
            case "DeepLift":
                return (1, 1, 2, 0);
            case "SmoothGrad":
                int n = Int("n", 50);
                return v.Parameters.GetValueOrDefault("batched") == "true" ? (1, 1, n, 1) : (n, n, 1, 1);
            case "ScoreCAM":
                int b = Int("batch", 25);
                return (1 + ((layerChannels + b - 1) / b), 0, b, 0);
            case "IntegratedGradients":
                int steps = Int("steps", 50), batch = Math.Min(Int("batch", 50), steps);
                int chunks = (steps + batch - 1) / batch;
                return (chunks, chunks, batch, 1);
            default:
                throw new InvalidOperationException($"no expectation for {v.Method}: add it to the matrix");
        }
    }
}
