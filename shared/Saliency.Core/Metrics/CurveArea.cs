namespace Saliency.Core.Metrics;

/// <summary>Area under a sampled curve by the trapezoid rule (deletion and insertion AUC).</summary>
public static class CurveArea
{
    /// <summary>
    /// The trapezoid-rule area under the points (x[i], y[i]): sum over i of (x[i+1] - x[i]) (y[i] + y[i+1]) / 2, in
    /// double precision. With x running from 0 to 1 and y in [0, 1] (a probability) the area is in [0, 1].
    /// </summary>
    /// <exception cref="ArgumentException">Different lengths, fewer than 2 points, x decreasing or a value not finite.</exception>
    public static double Trapezoid(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"{x.Length} x values and {y.Length} y values", nameof(y));
        }

        if (x.Length < 2)
        {
            throw new ArgumentException("a curve needs at least 2 points", nameof(x));
        }

        double area = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (!double.IsFinite(x[i]) || !double.IsFinite(y[i]))
            {
                throw new ArgumentException($"point {i} ({x[i]}, {y[i]}) is not finite", nameof(x));
            }

            if (i == 0)
            {
                continue;
            }

            if (x[i] < x[i - 1])
            {
                throw new ArgumentException($"x decreases at point {i} ({x[i - 1]} then {x[i]})", nameof(x));
            }

            area += (x[i] - x[i - 1]) * (y[i - 1] + y[i]) / 2;
        }

        return area;
    }
}
