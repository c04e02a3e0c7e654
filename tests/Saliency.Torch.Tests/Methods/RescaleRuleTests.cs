using Saliency.Torch.Methods;
using static TorchSharp.torch;

namespace Saliency.Torch.Tests.Methods;

/// <summary>
/// The two DeepLift call-site nodes on their own, against loops over plain arrays: the ReLU multiplier and the
/// stem max-pool's routing (3x3, stride 2, padding 1), including positions where input and reference are equal.
/// </summary>
public sealed class RescaleRuleTests
{
    private const int Channels = 3;
    private const int Size = 9; // odd: the padded border windows are exercised on both sides

    [Fact]
    public void MaxPool_forward_is_the_plain_pool_and_its_gradient_routes_by_the_rule()
    {
        var (x, r) = Pair(seed: 5, equalAt: [(0, 4, 4), (1, 0, 0), (2, 8, 3)]);
        var g = Random(new Random(6), Channels * 5 * 5);
        var (value, gradient) = Apply(x, r, g, outputSize: 5, t => RescaledMaxPool.apply(t));

        var expected = BruteForceMaxPool(x, r, g, out var expectedValue);
        AssertClose(expectedValue, value[..(Channels * 25)], 0, "row 0 value");
        Assert.Equal(expectedValue.Length * 2, value.Length);
        AssertClose(expected, gradient[..x.Length], 1e-5, "row 0 gradient");
        Assert.All(gradient[x.Length..], v => Assert.Equal(0, v));
    }

    [Fact]
    public void MaxPool_rule_gradient_times_delta_sums_to_the_pooled_difference()
    {
        // Independent of the routing formula: summation-to-delta over one pool, sum_p grad_p (x_p - r_p)
        // = sum_o g_o (y_o - y_r,o), with no position where x = r.
        var (x, r) = Pair(seed: 7, equalAt: []);
        var g = Random(new Random(8), Channels * 25);
        var (value, gradient) = Apply(x, r, g, outputSize: 5, t => RescaledMaxPool.apply(t));
        int outputs = Channels * 25;
        double lhs = Enumerable.Range(0, x.Length).Sum(p => gradient[p] * (x[p] - r[p]));
        double rhs = Enumerable.Range(0, outputs).Sum(o => g[o] * (value[o] - value[outputs + o]));
        Assert.True(Math.Abs(lhs - rhs) <= 1e-5 * Math.Max(1, Math.Abs(rhs)), $"{lhs} vs {rhs}");
    }

    [Fact]
    public void ReLU_forward_is_relu_and_its_gradient_is_the_secant_or_the_step_where_equal()
    {
        var (x, r) = Pair(seed: 9, equalAt: [(0, 1, 1), (1, 2, 2), (2, 3, 3)]);
        var g = Random(new Random(10), 2 * x.Length);
        var (value, gradient) = Apply(x, r, g, outputSize: Size, t => RescaledReLU.apply(t));

        for (int p = 0; p < x.Length; p++)
        {
            double delta = x[p] - r[p];
            double m = Math.Abs(delta) < RescaleRule.Epsilon
                ? (x[p] > 0 ? 1 : 0)
                : (Math.Max(x[p], 0) - Math.Max(r[p], 0)) / delta;
            Assert.Equal(Math.Max(x[p], 0), value[p], 6);
            Assert.Equal(Math.Max(r[p], 0), value[x.Length + p], 6);
            Assert.True(Math.Abs(gradient[p] - (g[p] * m)) < 1e-5, $"row 0 at {p}: {gradient[p]} vs {g[p] * m}");
            Assert.True(Math.Abs(gradient[x.Length + p] - (g[x.Length + p] * m)) < 1e-5, $"row 1 at {p}: {gradient[x.Length + p]} vs {g[x.Length + p] * m}");
        }

        // Some positions have input and reference on either side of zero: the secant is strictly between 0 and 1.
        Assert.Contains(Enumerable.Range(0, x.Length), p => x[p] * r[p] < 0);
    }

    /// <summary>Runs <paramref name="node"/> on the pair and returns its value and d(sum(value x g)) / d pair.</summary>
    private static (double[] Value, double[] Gradient) Apply(
        double[] x, double[] r, double[] g, int outputSize, Func<Tensor, Tensor> node)
    {
        using var scope = NewDisposeScope();
        var pair = cat([Tensor(x), Tensor(r)], 0).requires_grad_(true);
        var value = node(pair);
        var weights = tensor(g.Select(v => (float)v).ToArray(), [g.Length / (Channels * outputSize * outputSize), Channels, outputSize, outputSize]);
        if (weights.shape[0] == 1)
        {
            weights = cat([weights.narrow(0, 0, 1), zeros_like(weights.narrow(0, 0, 1))], 0);
        }

        var gradient = autograd.grad([(value * weights).sum()], [pair])[0];
        return (TestModels.ToDoubles(value), TestModels.ToDoubles(gradient));
    }

    private static Tensor Tensor(double[] plane) =>
        tensor(plane.Select(v => (float)v).ToArray(), [1, Channels, Size, Size]);

    /// <summary>Random input and reference (rounded to float) with x = r at the given (channel, row, column).</summary>
    private static (double[] X, double[] R) Pair(int seed, (int C, int Y, int X)[] equalAt)
    {
        var random = new Random(seed);
        var x = Random(random, Channels * Size * Size);
        var r = Random(random, Channels * Size * Size);
        foreach (var (c, y, col) in equalAt)
        {
            r[(((c * Size) + y) * Size) + col] = x[(((c * Size) + y) * Size) + col];
        }

        return (x, r);
    }

    private static double[] Random(Random random, int count) =>
        Enumerable.Range(0, count).Select(_ => (double)(float)((random.NextDouble() * 2) - 1)).ToArray();

    /// <summary>
    /// The max-pool rule by loops: per output, arg-maxes of x and r over the window (first maximum in row-major
    /// order, as torch), c = max(y, y_r); g (c - y_r) / (x - r) to x's arg-max (g where x = r there) and
    /// g (y - c) / (x - r) to r's arg-max (nothing where x = r there).
    /// </summary>
    private static double[] BruteForceMaxPool(double[] x, double[] r, double[] g, out double[] value)
    {
        const int outputSize = 5;
        var gradient = new double[x.Length];
        value = new double[Channels * outputSize * outputSize];
        for (int c = 0; c < Channels; c++)
        {
            for (int oy = 0; oy < outputSize; oy++)
            {
                for (int ox = 0; ox < outputSize; ox++)
                {
                    int o = (((c * outputSize) + oy) * outputSize) + ox;
                    int ax = ArgMax(x, c, oy, ox);
                    int ar = ArgMax(r, c, oy, ox);
                    double y = x[ax], yr = r[ar], cross = Math.Max(y, yr);
                    value[o] = y;
                    double dx = x[ax] - r[ax];
                    gradient[ax] += Math.Abs(dx) < RescaleRule.Epsilon ? g[o] : g[o] * (cross - yr) / dx;
                    double dr = x[ar] - r[ar];
                    gradient[ar] += Math.Abs(dr) < RescaleRule.Epsilon ? 0 : g[o] * (y - cross) / dr;
                }
            }
        }

        return gradient;
    }

    private static int ArgMax(double[] plane, int c, int oy, int ox)
    {
        int best = -1;
        for (int y = (oy * 2) - 1; y <= (oy * 2) + 1; y++)
        {
            for (int x = (ox * 2) - 1; x <= (ox * 2) + 1; x++)
            {
                if (y < 0 || x < 0 || y >= Size || x >= Size)
                {
                    continue;
                }

                int p = (((c * Size) + y) * Size) + x;
                if (best < 0 || plane[p] > plane[best])
                {
                    best = p;
                }
            }
        }

        return best;
    }

    private static void AssertClose(double[] expected, double[] actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * Math.Max(1, Math.Abs(expected[i])), $"{what} at {i}: {actual[i]} vs {expected[i]}");
        }
    }
}
