using Saliency.Torch.Methods;
using static TorchSharp.torch;

namespace Saliency.Torch.Tests.Methods;

/// <summary>
/// DeepLift's max-pool rule where the stem's overlapping 3x3 stride-2 windows share an arg-max (the case in which
/// Captum 0.7.0's <c>max_unpool2d</c> would overwrite and lose gradient): a small float64 pair in which one input
/// position is the arg-max of four windows and another of three. The attribution there must be the sum of all its
/// routes, worked out by loops in the test, and summation-to-delta must hold through the max-pool (alone, and after a
/// ReLU) to 1e-6, with a zero and with a blurred reference. A block of negative inputs makes the reference the larger
/// row in some windows, so the routes to the reference's arg-max are exercised too.
/// </summary>
public sealed class MaxPoolOverlapTests
{
    private const int Channels = 2;
    private const int Size = 7; // windows 4 x 4: rows/columns 2o-1..2o+1
    private const int Out = 4;

    public static TheoryData<string> References => ["zero", "blur"];

    [Theory]
    [MemberData(nameof(References))]
    public void Shared_arg_max_receives_the_sum_of_its_routes(string reference)
    {
        var (x, r) = Pair(reference);
        var g = Weights();
        var attribution = Attribution(x, r, g, withReLU: false);

        var routes = Routes(x, r, g);
        foreach (var (position, windows) in new[] { (Index(0, 1, 1), 4), (Index(1, 3, 3), 3) })
        {
            var into = routes.Where(route => route.Position == position && route.Value != 0).ToList();
            Assert.True(into.Count >= windows, $"{reference}: {into.Count} routes into position {position}, expected >= {windows}");
            double sum = into.Sum(route => route.Value);
            Assert.True(Math.Abs(attribution[position] - sum) <= 1e-12, $"{reference}: attribution {attribution[position]} vs sum of routes {sum}");

            // Keeping only one route (an overwrite) would be visibly wrong here.
            Assert.All(into, route => Assert.True(Math.Abs(route.Value - sum) > 1e-3, $"{reference}: one route {route.Value} is already the sum {sum}"));
        }

        Assert.True(routes.Count(route => route.ToReference && route.Value != 0) >= 4, $"{reference}: the reference's arg-max routes are not exercised");

        // Every position: the sum of the routes into it.
        for (int p = 0; p < x.Length; p++)
        {
            double expected = routes.Where(route => route.Position == p).Sum(route => route.Value);
            Assert.True(Math.Abs(attribution[p] - expected) <= 1e-12, $"{reference} at {p}: {attribution[p]} vs {expected}");
        }
    }

    [Theory]
    [InlineData("zero", false)]
    [InlineData("blur", false)]
    [InlineData("zero", true)]
    [InlineData("blur", true)]
    public void Cross_max_pool_alone_and_after_a_ReLU_sums_to_the_output_difference(string reference, bool withReLU)
    {
        var (x, r) = Pair(reference);
        var g = Weights();
        var attribution = Attribution(x, r, g, withReLU);
        double delta = Objective(x, g, withReLU) - Objective(r, g, withReLU);
        Assert.True(Math.Abs(delta) > 0.1, $"degenerate case: delta {delta}");
        Assert.True(Math.Abs(attribution.Sum() - delta) <= 1e-6, $"{reference}: sum {attribution.Sum()} vs delta {delta}");
    }

    /// <summary>(x - r) x d(sum(g x pool(relu(.))[row 0])) / d row 0, through the DeepLift nodes, in float64.</summary>
    private static double[] Attribution(double[] x, double[] r, double[] g, bool withReLU)
    {
        using var scope = NewDisposeScope();
        var pair = cat([Plane(x), Plane(r)], 0).requires_grad_(true);
        var rectified = withReLU ? RescaledReLU.apply(pair) : pair;
        var pooled = RescaledMaxPool.apply(rectified);
        var weights = tensor(g, [1, Channels, Out, Out], ScalarType.Float64);
        var gradient = autograd.grad([(pooled.narrow(0, 0, 1) * weights).sum()], [pair])[0];
        var m = TestModels.ToDoubles(gradient.narrow(0, 0, 1));
        return [.. m.Select((v, i) => v * (x[i] - r[i]))];
    }

    /// <summary>sum_o g_o maxpool(relu(z))_o (or maxpool(z)_o) by loops.</summary>
    private static double Objective(double[] z, double[] g, bool withReLU)
    {
        double total = 0;
        for (int c = 0; c < Channels; c++)
        {
            for (int oy = 0; oy < Out; oy++)
            {
                for (int ox = 0; ox < Out; ox++)
                {
                    double max = z[ArgMax(z, c, oy, ox)];
                    total += g[(((c * Out) + oy) * Out) + ox] * (withReLU ? Math.Max(0, max) : max);
                }
            }
        }

        return total;
    }

    /// <summary>
    /// The rule's routes by loops: per window o, g_o (c - y_r) to x's arg-max and g_o (y - c) to r's arg-max, with
    /// y, y_r the window maxima and c = max(y, y_r). Routes already multiplied by (x - r), i.e. attributions.
    /// </summary>
    private static List<(int Position, double Value, bool ToReference)> Routes(double[] x, double[] r, double[] g)
    {
        var routes = new List<(int, double, bool)>();
        for (int c = 0; c < Channels; c++)
        {
            for (int oy = 0; oy < Out; oy++)
            {
                for (int ox = 0; ox < Out; ox++)
                {
                    double weight = g[(((c * Out) + oy) * Out) + ox];
                    int ax = ArgMax(x, c, oy, ox), ar = ArgMax(r, c, oy, ox);
                    double y = x[ax], yr = r[ar], cross = Math.Max(y, yr);
                    routes.Add((ax, weight * (cross - yr), false));
                    routes.Add((ar, weight * (y - cross), true));
                }
            }
        }

        return routes;
    }

    /// <summary>
    /// Input in [-1, 1] with x(c0, 1, 1) = 3, the arg-max of the four windows (0..1, 0..1), and x(c1, 3, 3) = 2.5 next
    /// to x(c1, 1, 1) = 2.7, so (3, 3) is the arg-max of the three windows (1, 2), (2, 1), (2, 2); x(c0) is in
    /// [-1, -0.5] on rows and columns 3..6, so there the reference is the larger row. Reference: zero, or the input
    /// blurred (sigma 1 px).
    /// </summary>
    private static (double[] X, double[] R) Pair(string reference)
    {
        var random = new Random(31);
        var x = Enumerable.Range(0, Channels * Size * Size).Select(_ => (random.NextDouble() * 2) - 1).ToArray();
        for (int y = 3; y < Size; y++)
        {
            for (int col = 3; col < Size; col++)
            {
                x[Index(0, y, col)] = -0.5 - (0.5 * random.NextDouble());
            }
        }

        x[Index(0, 1, 1)] = 3;
        x[Index(1, 1, 1)] = 2.7;
        x[Index(1, 3, 3)] = 2.5;
        if (reference == "zero")
        {
            return (x, new double[x.Length]);
        }

        using var plane = Plane(x);
        using var blurred = GaussianBlur.Apply(plane, sigma: 1);
        return (x, TestModels.ToDoubles(blurred));
    }

    private static double[] Weights()
    {
        var random = new Random(32);
        return [.. Enumerable.Range(0, Channels * Out * Out).Select(_ => 0.5 + random.NextDouble())];
    }

    private static Tensor Plane(double[] values) => tensor(values, [1, Channels, Size, Size], ScalarType.Float64);

    private static int Index(int c, int y, int x) => (((c * Size) + y) * Size) + x;

    /// <summary>First maximum in row-major order over the padded window (as torch).</summary>
    private static int ArgMax(double[] plane, int c, int oy, int ox)
    {
        int best = -1;
        for (int y = (oy * 2) - 1; y <= (oy * 2) + 1; y++)
        {
            for (int x = (ox * 2) - 1; x <= (ox * 2) + 1; x++)
            {
                if (y >= 0 && x >= 0 && y < Size && x < Size && (best < 0 || plane[Index(c, y, x)] > plane[best]))
                {
                    best = Index(c, y, x);
                }
            }
        }

        return best;
    }
}
