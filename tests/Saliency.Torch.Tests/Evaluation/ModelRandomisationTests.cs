using Saliency.Core.Metrics.Catalogue;
using Saliency.Core.Metrics.Catalogue.Declarations;
using Saliency.Torch.Evaluation;
using Saliency.Torch.Methods;
using Saliency.Torch.Model;
using Saliency.Torch.Tests.Methods;
using TorchSharp;
using static TorchSharp.torch;

namespace Saliency.Torch.Tests.Evaluation;

/// <summary>
/// The model-randomisation sanity check: which parameters each step randomises (observed by a probe that stands in
/// for the saliency method), the initialisation they get, the bit-for-bit restore, the paper's failing baseline (a
/// map that does not depend on the model) and a real gradient method that passes.
/// </summary>
public sealed class ModelRandomisationTests
{
    private const int Size = 32;

    [Theory]
    [InlineData(SanityDeclaration.Stages)]
    [InlineData(SanityDeclaration.Blocks)]
    public void The_steps_of_a_granularity_cover_every_parameter_exactly_once(string granularity)
    {
        using var network = new ResNet18(3);
        var steps = SanityDeclaration.Steps(MetricCatalogue.Bind($"sanity(granularity={granularity})"));
        foreach (var (name, _) in network.named_parameters())
        {
            Assert.Single(steps, s => s.Covers(name));
        }
    }

    [Theory]
    [InlineData(SanityDeclaration.Cascading)]
    [InlineData(SanityDeclaration.Independent)]
    public void Each_step_randomises_its_layers_from_the_top_and_the_original_returns_bit_for_bit(string mode)
    {
        using var classifier = TestModels.Random(3, seed: 5);
        using var input = TestModels.RealPatch(classifier, Size);
        var original = Snapshot(classifier.Network, buffers: true);
        var changedPerCall = new List<string[]>();
        float[] Probe()
        {
            using var scope = NewDisposeScope();
            var now = Snapshot(classifier.Network, buffers: true);
            changedPerCall.Add([.. original.Keys.Where(k => !SameBits(now[k], original[k]))]);
            return Enumerable.Range(0, Size * Size).Select(i => (float)Math.Sin(i)).ToArray();
        }

        var map = Enumerable.Range(0, Size * Size).Select(i => (float)Math.Sin(i)).ToArray();
        var settings = MetricCatalogue.Bind($"sanity(mode={mode})");
        var result = MetricComputations.Create(settings.Variant).Compute(input, map, 0, classifier.Forward, classifier.Network, Probe);

        var steps = SanityDeclaration.Steps(settings);
        Assert.Equal(steps.Count, changedPerCall.Count);
        Assert.Equal(steps.Count, result.Explanations);
        var parameterNames = classifier.Network.named_parameters().Select(p => p.name).ToHashSet();
        for (int i = 0; i < steps.Count; i++)
        {
            var expected = original.Keys
                .Where(k => parameterNames.Contains(k) && (mode == SanityDeclaration.Cascading ? steps.Take(i + 1) : [steps[i]]).Any(s => s.Covers(k)))
                .Order();
            Assert.Equal(expected, changedPerCall[i].Order());
        }

        // The probe's map never changes: the method "fails" the check with correlation and SSIM 1 at every step.
        Assert.All(result.Values, v => Assert.Equal(1, v.Value, 9));
        var after = Snapshot(classifier.Network, buffers: true);
        Assert.All(original, p => Assert.True(SameBits(after[p.Key], p.Value), $"{p.Key} not restored"));
        Dispose(original, after);
    }

    [Fact]
    public void Weights_are_restored_bit_for_bit_when_the_method_fails_midway()
    {
        using var classifier = TestModels.Random(3, seed: 6);
        using var input = TestModels.RealPatch(classifier, Size);
        var original = Snapshot(classifier.Network, buffers: true);
        int calls = 0;
        float[] FailOnThird() => ++calls == 3 ? throw new InvalidOperationException("planted") : new float[Size * Size];

        var metric = MetricComputations.Create("sanity");
        Assert.Throws<InvalidOperationException>(() => metric.Compute(input, new float[Size * Size], 0, classifier.Forward, classifier.Network, FailOnThird));
        var after = Snapshot(classifier.Network, buffers: true);
        Assert.All(original, p => Assert.True(SameBits(after[p.Key], p.Value), $"{p.Key} not restored"));
        Dispose(original, after);
    }

    [Fact]
    public void Randomised_parameters_follow_the_networks_own_initialisation_and_depend_only_on_seed_and_name()
    {
        using var classifier = TestModels.Random(3, seed: 8);
        using var input = TestModels.RealPatch(classifier, Size);
        Dictionary<string, Tensor>? cascadingAtStem = null, independentAtLayer3 = null;
        int cascadingCalls = 0, independentCalls = 0;

        // Stages, top first: fc, layer4, layer3, layer2, layer1, stem. Cascading call 6 has everything randomised;
        // independent call 3 has layer3 alone.
        float[] Cascading()
        {
            if (++cascadingCalls == 6)
            {
                cascadingAtStem = Snapshot(classifier.Network, buffers: false);
            }

            return new float[Size * Size];
        }

        float[] Independent()
        {
            if (++independentCalls == 3)
            {
                independentAtLayer3 = Snapshot(classifier.Network, buffers: false);
            }

            return new float[Size * Size];
        }

        var map = new float[Size * Size];
        MetricComputations.Create("sanity(seed=11)").Compute(input, map, 0, classifier.Forward, classifier.Network, Cascading);
        MetricComputations.Create("sanity(mode=independent,seed=11)").Compute(input, map, 0, classifier.Forward, classifier.Network, Independent);
        Assert.NotNull(cascadingAtStem);
        Assert.NotNull(independentAtLayer3);

        // Kaiming normal, fan-out: std sqrt(2 / (256 x 3 x 3)) for layer3.0.conv2 (256 x 256 x 3 x 3).
        var conv = cascadingAtStem!["layer3.0.conv2.weight"];
        Assert.Equal(0, conv.mean().item<float>(), 5e-4);
        Assert.Equal(Math.Sqrt(2.0 / (256 * 9)), conv.std().item<float>(), 5e-4);

        // fc: U(-1/sqrt(512), 1/sqrt(512)), std = bound / sqrt(3).
        var fc = cascadingAtStem["fc.weight"];
        double bound = 1 / Math.Sqrt(512);
        Assert.True(fc.abs().max().item<float>() <= bound);
        Assert.Equal(bound / Math.Sqrt(3), fc.std().item<float>(), 2e-3);

        // BatchNorm affine parameters: weight 1, bias 0.
        Assert.True(SameBits(cascadingAtStem["bn1.weight"], ones_like(cascadingAtStem["bn1.weight"])));
        Assert.True(SameBits(cascadingAtStem["layer1.1.bn2.bias"], zeros_like(cascadingAtStem["layer1.1.bn2.bias"])));

        // The same seed gives layer3 the same draw whether it was randomised in a cascade or alone.
        Assert.True(SameBits(cascadingAtStem["layer3.1.conv1.weight"], independentAtLayer3!["layer3.1.conv1.weight"]));
        Dispose(cascadingAtStem, independentAtLayer3);
    }

    [Fact]
    public void Vanilla_gradient_changes_its_map_when_the_top_is_randomised_and_the_values_are_deterministic()
    {
        using var classifier = TestModels.Random(3, seed: 9);
        using var input = TestModels.RealPatch(classifier, Size);
        var method = SaliencyMethods.Create("VanillaGrad");
        var explained = method.Explain(classifier, input);
        var metric = MetricComputations.Create("sanity");

        var first = metric.Compute(classifier, input, explained.Map, explained.Target, method);
        long live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var second = metric.Compute(classifier, input, explained.Map, explained.Target, method);
        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);

        Assert.Equal(first.Values, second.Values);
        Assert.Equal(6, first.Explanations);
        Assert.Equal(metric.Settings.Cost, first.Cost);
        Assert.True(first.Value("sanity_spearman_fc") < 0.9, $"fc: {first.Value("sanity_spearman_fc")}");
        Assert.True(first.Value("sanity_spearman_stem") < 0.5, $"stem: {first.Value("sanity_spearman_stem")}");
        Assert.True(first.Value("sanity_ssim_stem") < first.Value("sanity_ssim_fc") + 1e-9);

        // The classifier explains as before.
        Assert.Equal(explained.Map, method.Explain(classifier, input, explained.Target).Map);
    }

    /// <summary>True when the two tensors have the same dtype and shape and hold the same bytes.</summary>
    private static bool SameBits(Tensor a, Tensor b)
    {
        using var ca = a.contiguous();
        using var cb = b.contiguous();
        return a.dtype == b.dtype && a.shape.SequenceEqual(b.shape) && ca.bytes.SequenceEqual(cb.bytes);
    }

    private static Dictionary<string, Tensor> Snapshot(ResNet18 network, bool buffers)
    {
        var state = network.named_parameters().Select(p => (p.name, Tensor: (Tensor)p.parameter));
        if (buffers)
        {
            state = state.Concat(network.named_buffers().Select(b => (b.name, Tensor: b.buffer)));
        }

        return state.ToDictionary(p => p.name, p =>
        {
            var copy = p.Tensor.detach().clone();
            copy.DetachFromDisposeScope();
            return copy;
        });
    }

    private static void Dispose(params Dictionary<string, Tensor>[] states)
    {
        foreach (var t in states.SelectMany(s => s.Values))
        {
            t.Dispose();
        }
    }
}
