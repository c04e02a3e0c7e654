using Saliency.Torch.Evaluation;

namespace Saliency.Torch.Tests.Evaluation;

/// <summary>
/// The imputation solver against the system written out from pytorch-grad-cam's definition and solved densely by
/// Gaussian elimination with partial pivoting in the test: for every removed pixel i,
/// sum over in-image neighbours j of w_ij (x_i - x_j) = 0, known x_j taking the image's values.
/// </summary>
public sealed class MaskedLaplaceSolverTests
{
    [Theory]
    [InlineData(9, 7, 0.3, 1)]      // small: solved directly (one level)
    [InlineData(40, 31, 0.9, 2)]    // ~1100 unknowns: multigrid levels
    [InlineData(40, 31, 0.99, 3)]   // almost everything removed: long distances to the few known pixels
    [InlineData(33, 47, 0.6, 4)]    // odd sizes (blocks cut at the border)
    public void Solution_satisfies_the_dense_system(int height, int width, double removedShare, int seed)
    {
        var rng = new Random(seed);
        var removed = Enumerable.Range(0, height * width).Select(_ => rng.NextDouble() < removedShare).ToArray();
        removed[rng.Next(removed.Length)] = false;
        var plane = Enumerable.Range(0, height * width).Select(_ => (float)rng.NextDouble()).ToArray();

        var solver = new MaskedLaplaceSolver(height, width, removed);
        var solution = solver.Solve(plane, out _);
        var expected = DenseSolve(height, width, removed, plane);
        Assert.Equal(expected.Length, solution.Length);
        for (int k = 0; k < expected.Length; k++)
        {
            Assert.Equal(expected[k], solution[k], 1e-8);
        }

        if (height * width > 1000)
        {
            Assert.True(solver.Levels > 1, "this case is meant to exercise the multigrid levels");
        }
    }

    [Fact]
    public void A_single_removed_pixel_is_the_weighted_mean_of_its_neighbours()
    {
        // 3 x 3, centre removed: corners weigh 1/12, edges 1/6 (sum 1). Corner (0, 0) removed: in-image neighbours
        // (0, 1) and (1, 0) at 1/6, (1, 1) at 1/12, renormalised by their sum 5/12.
        float[] plane = [1, 2, 3, 4, 100, 6, 7, 8, 9];
        double centre = ((1 + 3 + 7 + 9) / 12.0) + ((2 + 4 + 6 + 8) / 6.0);
        var atCentre = new MaskedLaplaceSolver(3, 3, [false, false, false, false, true, false, false, false, false]).Solve(plane, out _);
        Assert.Equal(centre, Assert.Single(atCentre), 1e-12);

        double corner = ((2 / 6.0) + (4 / 6.0) + (100 / 12.0)) / (5 / 12.0);
        var atCorner = new MaskedLaplaceSolver(3, 3, [true, false, false, false, false, false, false, false, false]).Solve(plane, out _);
        Assert.Equal(corner, Assert.Single(atCorner), 1e-12);
    }

    [Fact]
    public void An_image_with_nothing_known_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new MaskedLaplaceSolver(2, 2, [true, true, true, true]));
    }

    private static double[] DenseSolve(int height, int width, bool[] removed, float[] plane)
    {
        (int Dy, int Dx, double W)[] neighbours =
            [(-1, -1, 1 / 12.0), (-1, 0, 1 / 6.0), (-1, 1, 1 / 12.0), (0, -1, 1 / 6.0), (0, 1, 1 / 6.0), (1, -1, 1 / 12.0), (1, 0, 1 / 6.0), (1, 1, 1 / 12.0)];
        var unknowns = Enumerable.Range(0, removed.Length).Where(i => removed[i]).ToList();
        var index = unknowns.Select((cell, k) => (cell, k)).ToDictionary(p => p.cell, p => p.k);
        int n = unknowns.Count;
        var a = new double[n, n + 1];
        for (int k = 0; k < n; k++)
        {
            int y = unknowns[k] / width, x = unknowns[k] % width;
            foreach (var (dy, dx, w) in neighbours)
            {
                int ny = y + dy, nx = x + dx;
                if (ny < 0 || ny >= height || nx < 0 || nx >= width)
                {
                    continue;
                }

                a[k, k] += w;
                int cell = (ny * width) + nx;
                if (removed[cell])
                {
                    a[k, index[cell]] -= w;
                }
                else
                {
                    a[k, n] += w * plane[cell];
                }
            }
        }

        for (int col = 0; col < n; col++)
        {
            int pivot = col;
            for (int r = col + 1; r < n; r++)
            {
                if (Math.Abs(a[r, col]) > Math.Abs(a[pivot, col]))
                {
                    pivot = r;
                }
            }

            for (int c = 0; c <= n; c++)
            {
                (a[col, c], a[pivot, c]) = (a[pivot, c], a[col, c]);
            }

            for (int r = col + 1; r < n; r++)
            {
                double f = a[r, col] / a[col, col];
                if (f == 0)
                {
                    continue;
                }

                for (int c = col; c <= n; c++)
                {
                    a[r, c] -= f * a[col, c];
                }
            }
        }

        var result = new double[n];
        for (int r = n - 1; r >= 0; r--)
        {
            double s = a[r, n];
            for (int c = r + 1; c < n; c++)
            {
                s -= a[r, c] * result[c];
            }

            result[r] = s / a[r, r];
        }

        return result;
    }
}
