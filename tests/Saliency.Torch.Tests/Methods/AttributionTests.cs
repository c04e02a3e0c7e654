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
    [InlineData("DeepLift(maxpool=gradient,reference=zero)", false, true)]
    [InlineData("DeepLift(maxpool=gradient,reference=zero)", true, false)]
    [InlineData("DeepLift(maxpool=gradient,reference=blur)", false, false)]
    public void DeepLift_with_the_plain_max_pool_gradient_sums_to_delta_only_for_a_reference_constant_in_each_pool_window(string id, bool imageNetNormalization, bool sums)
    {
        // Without input normalisation a black image is 0 after the stem's convolution (no bias) and constant per
        // channel after its BN and ReLU, so the pool's plain gradient routes exactly y - y_r. Normalised, the black
        // image is a non-zero constant per channel, which the convolution's zero padding turns into a border that
        // differs from the inside; a blurred image is not constant anywhere. Both then miss the logit difference.
        using var classifier = TestModels.Random(classes: 3, seed: 11, imageNetNormalization ? null : Model.InputNormalisation.Identity);
        using var input = TestModels.RealPatch(classifier, 64, 100, 100);
        var method = (DeepLift)SaliencyMethods.Create(id);
        var result = method.Explain(classifier, input);
        using var reference = method.Reference(input);
        double delta;
        using (no_grad())
        using (var a = classifier.Forward(input))
        using (var b = classifier.Forward(reference))
        {
            delta = a[0, result.Target].item<float>() - b[0, result.Target].item<float>();
        }

        double sum = result.Map.Sum(v => (double)v);
        Assert.Equal(sums, Math.Abs(sum - delta) <= 1e-3 * Math.Abs(delta));
        if (!sums)
        {
            Assert.True(Math.Abs(sum - delta) > 2e-3 * Math.Abs(delta), $"sum {sum} vs logit difference {delta}: too close to call");
        }
    }

    [Theory]
    [InlineData(24, 30, 5, 4)] // 41 taps, wider than the image: the reflection repeats
    [InlineData(24, 24, 5, 4)] // square: one band matrix serves both directions
    [InlineData(40, 36, 2.5, 2)] // 11 taps
    public void Blur_reference_is_scipys_gaussian_filter_with_its_reflect_padding(int h, int w, double sigma, double truncate)
    {
        using var image = rand(1, 3, h, w);
        using var blurred = GaussianBlur.Apply(image, sigma, truncate);
        var src = TestModels.ToDoubles(image);
        var got = TestModels.ToDoubles(blurred);

        // scipy.ndimage.gaussian_filter: radius int(truncate sigma + 0.5), exp(-x^2 / (2 sigma^2)) normalised, mode
        // 'reflect' = half-sample symmetric (d c b a | a b c d), folded as often as the kernel needs.
        int radius = (int)((truncate * sigma) + 0.5);
        var taps = Enumerable.Range(-radius, (2 * radius) + 1).Select(i => Math.Exp(-(i * i) / (2 * sigma * sigma))).ToArray();
        double norm = taps.Sum();
        Assert.Equal(taps.Length, GaussianBlur.Kernel(sigma, truncate).Length);
        static int Reflect(int i, int n)
        {
            while (i < 0 || i >= n)
            {
                i = i < 0 ? -i - 1 : (2 * n) - 1 - i;
            }

            return i;
        }

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
    [InlineData(5, 4, 41)] // the default: all but 4e-5 of the sampled Gaussian's mass
    [InlineData(5, 2, 21)] // the old kernel: drops 3.5 % of it
    [InlineData(1.1, 4, 9)]
    [InlineData(0.3, 4, 3)]
    public void Blur_kernel_radius_is_scipys_truncate_times_sigma_rounded_half_up(double sigma, double truncate, int taps)
    {
        var kernel = GaussianBlur.Kernel(sigma, truncate);
        Assert.Equal(taps, kernel.Length);
        Assert.Equal(1.0, kernel.Sum(), 12);
        Assert.Equal(Math.Exp(-((taps / 2) * (taps / 2)) / (2 * sigma * sigma)), kernel[0] / kernel[taps / 2], 12);
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
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(65)]
    public void Trapezoid_rules_use_equally_spaced_nodes_and_captums_weights_sum_to_1_minus_1_over_steps(int steps)
    {
        var (nodes, weights) = IntegratedGradients.Quadrature("trapezoid", steps);
        var (captumNodes, captumWeights) = IntegratedGradients.Quadrature("captum-trapezoid", steps);
        Assert.Equal(nodes, captumNodes);
        Assert.Equal(0.0, nodes[0]);
        Assert.Equal(1.0, nodes[^1]);
        Assert.All(nodes.Zip(nodes.Skip(1)), p => Assert.Equal(1.0 / (steps - 1), p.Second - p.First, 12));
        Assert.Equal(1.0, weights.Sum(), 12);
        Assert.Equal(1.0 - (1.0 / steps), captumWeights.Sum(), 12);

        // The composite trapezoid integrates linear functions exactly; Captum's is short by 1 / steps of the integral.
        double Integral(double[] x, double[] w) => x.Select((v, i) => w[i] * ((3 * v) + 1)).Sum();
        Assert.Equal(2.5, Integral(nodes, weights), 12);
        Assert.Equal(2.5 * (1 - (1.0 / steps)), Integral(captumNodes, captumWeights), 12);
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
