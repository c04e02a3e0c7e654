namespace Saliency.Torch.Methods;

/// <summary>
/// Gauss-Legendre quadrature on [0, 1]: n nodes and weights (weights sum to 1) that integrate polynomials of degree
/// up to 2n - 1 exactly. Nodes by Newton's method on the Legendre polynomial P_n, ascending.
/// </summary>
public static class GaussLegendre
{
    public static (double[] Nodes, double[] Weights) Rule(int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        var nodes = new double[n];
        var weights = new double[n];
        for (int i = 0; i < (n + 1) / 2; i++)
        {
            // Initial guess (Tricomi), then Newton on P_n over [-1, 1].
            double x = Math.Cos(Math.PI * (i + 0.75) / (n + 0.5));
            double derivative = 0;
            for (int iteration = 0; iteration < 100; iteration++)
            {
                (double p, derivative) = Legendre(n, x);
                double step = p / derivative;
                x -= step;
                if (Math.Abs(step) < 1e-15)
                {
                    break;
                }
            }

            (_, derivative) = Legendre(n, x);
            double w = 2 / ((1 - (x * x)) * derivative * derivative);
            nodes[i] = (1 - x) / 2;
            nodes[n - 1 - i] = (1 + x) / 2;
            weights[i] = w / 2;
            weights[n - 1 - i] = w / 2;
        }

        return (nodes, weights);
    }

    /// <summary>P_n(x) and P_n'(x) by the three-term recurrence.</summary>
    private static (double Value, double Derivative) Legendre(int n, double x)
    {
        double previous = 1, current = x;
        if (n == 0)
        {
            return (1, 0);
        }

        for (int k = 2; k <= n; k++)
        {
            double next = (((2 * k) - 1) * x * current - ((k - 1) * previous)) / k;
            previous = current;
            current = next;
        }

        return (current, n * ((x * current) - previous) / ((x * x) - 1));
    }
}
