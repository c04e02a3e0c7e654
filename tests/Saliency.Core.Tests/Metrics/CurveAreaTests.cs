using Saliency.Core.Metrics;

namespace Saliency.Core.Tests.Metrics;

public class CurveAreaTests
{
    [Fact]
    public void Trapezoid_of_hand_worked_curves()
    {
        // A straight line from 1 to 0 over [0, 1]: the triangle, 1/2.
        Assert.Equal(0.5, CurveArea.Trapezoid([0, 0.5, 1], [1, 0.5, 0]), 15);

        // Points (0, 15/16), (1/4, 4/16), (1/2, 1/16), (3/4, 1/16), (1, 1/16): the deletion curve of the 4 x 4 test
        // model. Trapezoids: (15 + 4) / 2, (4 + 1) / 2, 1, 1, all x 1/4 x 1/16 = 14 / 64 = 0.21875.
        Assert.Equal(0.21875, CurveArea.Trapezoid([0, 0.25, 0.5, 0.75, 1], [15 / 16.0, 4 / 16.0, 1 / 16.0, 1 / 16.0, 1 / 16.0]), 15);

        // Uneven spacing: (0, 0) to (0.1, 1) to (1, 1): 0.1 x 1/2 + 0.9 x 1 = 0.95.
        Assert.Equal(0.95, CurveArea.Trapezoid([0, 0.1, 1], [0, 1, 1]), 15);

        // A repeated x adds nothing (a step of zero width).
        Assert.Equal(0.5, CurveArea.Trapezoid([0, 0.5, 0.5, 1], [0.5, 0.5, 0.5, 0.5]), 15);
    }

    [Fact]
    public void Trapezoid_rejects_malformed_curves()
    {
        Assert.Throws<ArgumentException>(() => CurveArea.Trapezoid([0, 1], [1]));
        Assert.Throws<ArgumentException>(() => CurveArea.Trapezoid([0], [1]));
        Assert.Throws<ArgumentException>(() => CurveArea.Trapezoid([0, 0.6, 0.5], [1, 1, 1]));
        Assert.Throws<ArgumentException>(() => CurveArea.Trapezoid([0, 1], [1, double.NaN]));
    }
}
