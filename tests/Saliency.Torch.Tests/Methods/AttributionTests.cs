using Saliency.Torch.Methods;
using static TorchSharp.torch;

namespace Saliency.Torch.Tests.Methods;

/// <summary>DeepLift summation-to-delta, Integrated Gradients completeness, and their building blocks.</summary>
public sealed class AttributionTests
{
    [Theory]
    [InlineData("DeepLift(reference=zero)", 100, 100)]
    [InlineData("DeepLift(reference=blur)", 100, 100)]
    [InlineData("DeepLift(reference=zero)", 900, 20)]
    [InlineData("DeepLift(reference=blur)", 900, 20)]
    public void DeepLift_attributions_sum_to_the_logit_difference(string id, int left, int top)
    {
        using var classifier = TestModels.Random(classes: 3, seed: 11);
        using var input = TestModels.RealPatch(classifier, 64, left, top);
        var method = (DeepLift)SaliencyMethods.Create(id);
        var result = method.Explain(classifier, input);

        // Independent: plain forward passes (no override) of the input and of the reference.
        using var reference = method.Reference(input);
        double delta;
        using (no_grad())
        using (var a = classifier.Forward(input))
        using (var b = classifier.Forward(reference))
        {
            delta = a[0, result.Target].item<float>() - b[0, result.Target].item<float>();
        }

        double sum = result.Map.Sum(v => (double)v);
        Assert.True(Math.Abs(delta) > 1e-3, $"degenerate case: delta {delta}");
        Assert.True(Math.Abs(sum - delta) <= 1e-3 * Math.Abs(delta), $"sum {sum} vs logit difference {delta}");

        // Not the plain gradient x (input - reference): the rescale rule changes the attributions.
        var gradient = SaliencyMethods.Create("VanillaGrad").Explain(classifier, input, result.Target).Map;
        using var diff = (input - reference).sum(1)[0].flatten();
        var d = TestModels.ToDoubles(diff);
        double gradientTimesDelta = d.Select((v, i) => v * gradient[i] / 3.0).Sum();
        Assert.True(Math.Abs(gradientTimesDelta - delta) > 1e-3 * Math.Abs(delta), "a random deep net should not be linear along the path");
    }

    [Theory]
    [InlineData(24, 30)]
    [InlineData(24, 24)] // square: one band matrix serves both directions
    public void Blur_reference_is_a_reflect_padded_gaussian_of_sigma_5_with_21_taps(int h, int w)
    {
        using var image = rand(1, 3, h, w);
        using var blurred = GaussianBlur.Apply(image, 5);
        var src = TestModels.ToDoubles(image);
        var got = TestModels.ToDoubles(blurred);
        const int radius = 10;
        var taps = Enumerable.Range(-radius, (2 * radius) + 1).Select(i => Math.Exp(-(i * i) / 50.0)).ToArray();
        double norm = taps.Sum();
        static int Reflect(int i, int n) => i < 0 ? -i : i >= n ? (2 * (n - 1)) - i : i;
        foreach (var (c, y, x) in new[] { (0, 0, 0), (1, 12, 15), (2, h - 1, w - 1), (0, 3, w - 3) })
        {
            double expected = 0;
            for (int dy = -radius; dy <= radius; dy++)
            {
                for (int dx = -radius; dx <= radius; dx++)
                {
                    expected += taps[dy + radius] * taps[dx + radius] / (norm * norm)
                        * src[(c * h * w) + (Reflect(y + dy, h) * w) + Reflect(x + dx, w)];
                }
            }

            Assert.Equal(expected, got[(c * h * w) + (y * w) + x], 5);
        }
    }

    [Theory]
    [InlineData(16)]
    [InlineData(64)]
    [InlineData(256)]
    public void IntegratedGradients_is_complete_up_to_the_quadrature_error(int steps)
    {
        using var classifier = TestModels.Random(classes: 3, seed: 15);
        using var input = TestModels.RealPatch(classifier, 64, left: 500, top: 50);
        var result = SaliencyMethods.Create($"IntegratedGradients(batch=64,steps={steps})").Explain(classifier, input);
        double delta;
        using (no_grad())
        using (var a = classifier.Forward(input))
        using (var b = classifier.Forward(zeros_like(input)))
        {
            delta = a[0, result.Target].item<float>() - b[0, result.Target].item<float>();
        }

        // Along alpha -> f(alpha x) the ReLU net is piecewise linear, so its gradient jumps at every kink and the
        // quadrature error shrinks about like 1/steps, in proportion to the size of the attributions (not of delta,
        // which can be near 0 by cancellation): |sum - delta| <= 0.1 * sum|a| / steps.
        double sum = result.Map.Sum(v => (double)v);
        double magnitude = result.Map.Sum(v => Math.Abs((double)v));
        Assert.True(Math.Abs(delta) > 0.05 * magnitude / 16, "degenerate case: delta near 0");
        Assert.True(Math.Abs(sum - delta) <= 0.1 * magnitude / steps, $"steps {steps}: sum {sum} vs {delta} (sum|a| {magnitude})");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(50)]
    public void Gauss_Legendre_integrates_polynomials_up_to_degree_2n_minus_1_on_the_unit_interval(int n)
    {
        var (nodes, weights) = GaussLegendre.Rule(n);
        Assert.Equal(1.0, weights.Sum(), 12);
        Assert.All(nodes, x => Assert.InRange(x, 0, 1));
        Assert.Equal(nodes.OrderBy(x => x), nodes);
        for (int k = 0; k <= Math.Min((2 * n) - 1, 30); k++)
        {
            double integral = nodes.Select((x, i) => weights[i] * Math.Pow(x, k)).Sum();
            Assert.Equal(1.0 / (k + 1), integral, 10);
        }

        if (n == 2)
        {
            Assert.Equal(0.5 - (0.5 / Math.Sqrt(3)), nodes[0], 12);
        }
    }
}
