using Saliency.Torch.Evaluation;
using TorchSharp;

namespace Saliency.Torch.Tests.Evaluation;

/// <summary>
/// The noise contract of ROAD's imputer, which the golden comparison (means over seeds) is too weak to pin down:
/// pytorch-grad-cam adds <c>noise * randn_like(res.t())</c>, one independent draw per channel and imputed pixel, to
/// the noise-free solution, and leaves known pixels alone.
/// </summary>
public sealed class NoisyLinearImputerTests
{
    private const int Side = 64;

    [Fact]
    public void Noise_is_independent_per_channel_with_the_given_deviation_and_known_pixels_stay()
    {
        var rng = new Random(12);
        var grey = Enumerable.Range(0, Side * Side).Select(_ => (float)rng.NextDouble()).ToArray();
        var image = grey.Concat(grey).Concat(grey).ToArray(); // the project's repeated grey
        var removed = Enumerable.Range(0, Side * Side).Select(_ => rng.NextDouble() < 0.5).ToArray();

        var clean = NoisyLinearImputer.Impute(image, 3, Side, Side, removed, 0, null);
        using var generator = new torch.Generator(5);
        var noisy = NoisyLinearImputer.Impute(image, 3, Side, Side, removed, 0.01, generator);

        var pixels = Enumerable.Range(0, Side * Side).Where(i => removed[i]).ToArray();
        var residuals = Enumerable.Range(0, 3).Select(c => pixels.Select(i => (double)noisy[(c * Side * Side) + i] - clean[(c * Side * Side) + i]).ToArray()).ToArray();
        foreach (var r in residuals)
        {
            // ~2000 draws: the mean's standard error is 0.01 / 45, the deviation's about 1.6 %.
            Assert.Equal(0, r.Average(), 1e-3);
            Assert.Equal(0.01, Math.Sqrt(r.Average(v => v * v)), 1e-3);
        }

        Assert.True(Math.Abs(Correlation(residuals[0], residuals[1])) < 0.1, "channels 0 and 1 got correlated noise");
        Assert.True(Math.Abs(Correlation(residuals[1], residuals[2])) < 0.1, "channels 1 and 2 got correlated noise");
        for (int c = 0; c < 3; c++)
        {
            for (int i = 0; i < Side * Side; i++)
            {
                if (!removed[i])
                {
                    Assert.Equal(image[(c * Side * Side) + i], noisy[(c * Side * Side) + i]);
                }
            }
        }
    }

    private static double Correlation(double[] a, double[] b)
    {
        double ma = a.Average(), mb = b.Average();
        double sab = a.Zip(b).Sum(p => (p.First - ma) * (p.Second - mb));
        return sab / Math.Sqrt(a.Sum(v => (v - ma) * (v - ma)) * b.Sum(v => (v - mb) * (v - mb)));
    }
}
