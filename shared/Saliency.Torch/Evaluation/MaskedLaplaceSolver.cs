namespace Saliency.Torch.Evaluation;

/// <summary>
/// The linear system of ROAD's imputation (pytorch-grad-cam's <c>NoisyLinearImputer.setup_sparse_system</c>): every
/// removed pixel equals the weighted mean of its in-image neighbours (8-neighbourhood, weight 1/6 for the 4 edge
/// neighbours and 1/12 for the 4 corners, renormalised over the neighbours inside the image), known neighbours
/// taking their image values. For the removed pixels u this is M u = b with M = D - W_uu (D: the sum of in-image
/// neighbour weights, W_uu: the weights between removed pixels) and b the weighted known neighbours: symmetric,
/// and positive definite whenever at least one pixel is known (every connected set of removed pixels then borders
/// a known one). pytorch-grad-cam solves it with SciPy's sparse LU (<c>spsolve</c>); we solve it to a relative
/// residual of 1e-10 (double precision) by conjugate gradients preconditioned with one symmetric V-cycle of an
/// aggregation multigrid: 2 x 2 blocks of removed pixels form the next level, its operator is the Galerkin product
/// P^T M P with piecewise-constant P (again a 9-point stencil), forward Gauss-Seidel before and backward after the
/// coarse correction (scaled by <see cref="CoarseScale"/>), and a dense Cholesky solve once a level has at most
/// <see cref="DirectLimit"/> unknowns.
/// One hierarchy serves every image plane solved with the same removed set.
/// </summary>
internal sealed class MaskedLaplaceSolver
{
    /// <summary>Neighbour offsets (dy, dx) and weights, in pytorch-grad-cam's sense; index o is the stencil slot.</summary>
    internal static readonly (int Dy, int Dx, double Weight)[] Neighbours =
    [
        (-1, -1, 1.0 / 12), (-1, 0, 1.0 / 6), (-1, 1, 1.0 / 12),
        (0, -1, 1.0 / 6), (0, 1, 1.0 / 6),
        (1, -1, 1.0 / 12), (1, 0, 1.0 / 6), (1, 1, 1.0 / 12),
    ];

    /// <summary>Largest level solved by dense Cholesky.</summary>
    internal const int DirectLimit = 128;

    /// <summary>Relative residual at which conjugate gradients stop.</summary>
    internal const double Tolerance = 1e-10;

    /// <summary>
    /// Factor on the coarse-level correction. Piecewise-constant aggregation gives too small a correction; scaling it
    /// (over-correction) halved the iterations on the golden map's systems (about 40 to 19 at 1.8; 2.0 and 2.2 no
    /// better) and keeps the V-cycle symmetric, as conjugate gradients need.
    /// </summary>
    internal const double CoarseScale = 1.8;

    private const int Slots = 8;
    private const int MaxIterations = 1000;

    private readonly int _width;
    private readonly int _height;
    private readonly bool[] _removed;
    private readonly List<Level> _levels = [];
    private readonly double[] _cholesky;

    /// <param name="height">Image height.</param>
    /// <param name="width">Image width.</param>
    /// <param name="removed">Row-major H x W, true where the pixel is imputed; at least one pixel must be known.</param>
    public MaskedLaplaceSolver(int height, int width, bool[] removed)
    {
        ArgumentNullException.ThrowIfNull(removed);
        if (removed.Length != height * width)
        {
            throw new ArgumentException($"{removed.Length} mask values for {height} x {width}", nameof(removed));
        }

        if (Array.TrueForAll(removed, r => r))
        {
            throw new ArgumentException("every pixel is removed: nothing to impute from", nameof(removed));
        }

        (_height, _width, _removed) = (height, width, removed);
        var level = FineLevel();
        _levels.Add(level);
        while (level.Count > DirectLimit)
        {
            level = Coarsen(level);
            _levels.Add(level);
        }

        _cholesky = DenseCholesky(level);
    }

    /// <summary>The removed pixels (row-major indices, ascending): the order of <see cref="Solve"/>'s result.</summary>
    public IReadOnlyList<int> Unknowns => _levels[0].Cells;

    /// <summary>Number of multigrid levels (1: solved directly).</summary>
    public int Levels => _levels.Count;

    /// <summary>
    /// The imputed values of the removed pixels of <paramref name="plane"/> (one row-major H x W channel; the values
    /// at removed pixels are ignored), in <see cref="Unknowns"/> order.
    /// </summary>
    public double[] Solve(ReadOnlySpan<float> plane, out int iterations)
    {
        if (plane.Length != _height * _width)
        {
            throw new ArgumentException($"{plane.Length} values for {_height} x {_width}", nameof(plane));
        }

        var fine = _levels[0];
        int n = fine.Count;
        var b = new double[n];
        for (int k = 0; k < n; k++)
        {
            int cell = fine.Cells[k], y = cell / _width, x = cell % _width;
            double sum = 0;
            foreach (var (dy, dx, weight) in Neighbours)
            {
                int ny = y + dy, nx = x + dx;
                if (ny >= 0 && ny < _height && nx >= 0 && nx < _width && !_removed[(ny * _width) + nx])
                {
                    sum += weight * plane[(ny * _width) + nx];
                }
            }

            b[k] = sum;
        }

        iterations = 0;
        var u = new double[n];
        if (_levels.Count == 1)
        {
            CholeskySolve(_cholesky, n, b, u);
            return u;
        }

        double bNorm = Math.Sqrt(Dot(b, b));
        if (bNorm == 0)
        {
            return u;
        }

        var r = (double[])b.Clone();
        var z = new double[n];
        var ap = new double[n];
        Precondition(r, z);
        var p = (double[])z.Clone();
        double rz = Dot(r, z);
        while (true)
        {
            iterations++;
            Apply(fine, p, ap);
            double alpha = rz / Dot(p, ap);
            for (int k = 0; k < n; k++)
            {
                u[k] += alpha * p[k];
                r[k] -= alpha * ap[k];
            }

            if (Math.Sqrt(Dot(r, r)) <= Tolerance * bNorm)
            {
                return u;
            }

            if (iterations == MaxIterations)
            {
                throw new InvalidOperationException($"imputation did not converge in {MaxIterations} iterations");
            }

            Precondition(r, z);
            double rzNext = Dot(r, z);
            double beta = rzNext / rz;
            rz = rzNext;
            for (int k = 0; k < n; k++)
            {
                p[k] = z[k] + (beta * p[k]);
            }
        }
    }

    /// <summary>Stencil slot of offset (dy, dx), indexed by (dy + 1) * 3 + dx + 1 (-1 for the centre).</summary>
    private static readonly int[] SlotOfOffset = [0, 1, 2, 3, -1, 4, 5, 6, 7];

    private static int Slot(int dy, int dx) => SlotOfOffset[((dy + 1) * 3) + dx + 1];

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }

    /// <summary>y = M x on <paramref name="level"/>.</summary>
    private static void Apply(Level level, double[] x, double[] y)
    {
        for (int k = 0; k < level.Count; k++)
        {
            double s = level.Diagonal[k] * x[k];
            int at = k * Slots;
            for (int o = 0; o < Slots; o++)
            {
                int j = level.Neighbour[at + o];
                if (j >= 0)
                {
                    s += level.Coupling[at + o] * x[j];
                }
            }

            y[k] = s;
        }
    }

    private static void GaussSeidel(Level level, double[] b, double[] x, bool forward)
    {
        for (int i = 0; i < level.Count; i++)
        {
            int k = forward ? i : level.Count - 1 - i;
            double s = b[k];
            int at = k * Slots;
            for (int o = 0; o < Slots; o++)
            {
                int j = level.Neighbour[at + o];
                if (j >= 0)
                {
                    s -= level.Coupling[at + o] * x[j];
                }
            }

            x[k] = s / level.Diagonal[k];
        }
    }

    /// <summary>z = one symmetric V-cycle applied to r (zero initial guess).</summary>
    private void Precondition(double[] r, double[] z) => VCycle(0, r, z);

    private void VCycle(int index, double[] b, double[] x)
    {
        var level = _levels[index];
        Array.Clear(x);
        if (index == _levels.Count - 1)
        {
            CholeskySolve(_cholesky, level.Count, b, x);
            return;
        }

        var coarse = _levels[index + 1];
        GaussSeidel(level, b, x, forward: true);
        Apply(level, x, level.Work);
        Array.Clear(coarse.Rhs);
        for (int k = 0; k < level.Count; k++)
        {
            coarse.Rhs[level.Parent[k]] += b[k] - level.Work[k];
        }

        VCycle(index + 1, coarse.Rhs, coarse.Solution);
        for (int k = 0; k < level.Count; k++)
        {
            x[k] += CoarseScale * coarse.Solution[level.Parent[k]];
        }

        GaussSeidel(level, b, x, forward: false);
    }

    private Level FineLevel()
    {
        var cells = new List<int>();
        var compact = new int[_height * _width];
        for (int i = 0; i < compact.Length; i++)
        {
            compact[i] = _removed[i] ? cells.Count : -1;
            if (_removed[i])
            {
                cells.Add(i);
            }
        }

        var level = new Level(_height, _width, [.. cells], compact);
        for (int k = 0; k < level.Count; k++)
        {
            int y = level.Cells[k] / _width, x = level.Cells[k] % _width;
            for (int o = 0; o < Slots; o++)
            {
                var (dy, dx, weight) = Neighbours[o];
                int ny = y + dy, nx = x + dx;
                if (ny < 0 || ny >= _height || nx < 0 || nx >= _width)
                {
                    continue;
                }

                level.Diagonal[k] += weight;
                int j = compact[(ny * _width) + nx];
                if (j >= 0)
                {
                    level.Neighbour[(k * Slots) + o] = j;
                    level.Coupling[(k * Slots) + o] = -weight;
                }
            }
        }

        return level;
    }

    /// <summary>The next level: 2 x 2 blocks of cells, operator P^T M P with piecewise-constant P.</summary>
    private static Level Coarsen(Level fine)
    {
        int height = (fine.Height + 1) / 2, width = (fine.Width + 1) / 2;
        var active = new bool[height * width];
        foreach (var cell in fine.Cells)
        {
            active[((cell / fine.Width / 2) * width) + (cell % fine.Width / 2)] = true;
        }

        var cells = new List<int>();
        var compact = new int[height * width];
        for (int i = 0; i < compact.Length; i++)
        {
            compact[i] = active[i] ? cells.Count : -1;
            if (active[i])
            {
                cells.Add(i);
            }
        }

        var coarse = new Level(height, width, [.. cells], compact);
        for (int k = 0; k < fine.Count; k++)
        {
            int cell = fine.Cells[k];
            fine.Parent[k] = compact[((cell / fine.Width / 2) * width) + (cell % fine.Width / 2)];
        }

        for (int k = 0; k < fine.Count; k++)
        {
            int parent = fine.Parent[k];
            coarse.Diagonal[parent] += fine.Diagonal[k];
            for (int o = 0; o < Slots; o++)
            {
                int j = fine.Neighbour[(k * Slots) + o];
                if (j < 0)
                {
                    continue;
                }

                int other = fine.Parent[j];
                double value = fine.Coupling[(k * Slots) + o];
                if (other == parent)
                {
                    coarse.Diagonal[parent] += value;
                    continue;
                }

                int pc = coarse.Cells[parent], oc = coarse.Cells[other];
                int slot = Slot((oc / width) - (pc / width), (oc % width) - (pc % width));
                coarse.Neighbour[(parent * Slots) + slot] = other;
                coarse.Coupling[(parent * Slots) + slot] += value;
            }
        }

        return coarse;
    }

    /// <summary>Lower Cholesky factor (row-major n x n) of the level's dense matrix.</summary>
    private static double[] DenseCholesky(Level level)
    {
        int n = level.Count;
        var a = new double[n * n];
        for (int k = 0; k < n; k++)
        {
            a[(k * n) + k] = level.Diagonal[k];
            for (int o = 0; o < Slots; o++)
            {
                int j = level.Neighbour[(k * Slots) + o];
                if (j >= 0)
                {
                    a[(k * n) + j] += level.Coupling[(k * Slots) + o];
                }
            }
        }

        for (int j = 0; j < n; j++)
        {
            double d = a[(j * n) + j];
            for (int m = 0; m < j; m++)
            {
                d -= a[(j * n) + m] * a[(j * n) + m];
            }

            if (!(d > 0))
            {
                throw new InvalidOperationException("imputation matrix is not positive definite");
            }

            d = Math.Sqrt(d);
            a[(j * n) + j] = d;
            for (int i = j + 1; i < n; i++)
            {
                double s = a[(i * n) + j];
                for (int m = 0; m < j; m++)
                {
                    s -= a[(i * n) + m] * a[(j * n) + m];
                }

                a[(i * n) + j] = s / d;
            }
        }

        return a;
    }

    private static void CholeskySolve(double[] factor, int n, double[] b, double[] x)
    {
        for (int i = 0; i < n; i++)
        {
            double s = b[i];
            for (int m = 0; m < i; m++)
            {
                s -= factor[(i * n) + m] * x[m];
            }

            x[i] = s / factor[(i * n) + i];
        }

        for (int i = n - 1; i >= 0; i--)
        {
            double s = x[i];
            for (int m = i + 1; m < n; m++)
            {
                s -= factor[(m * n) + i] * x[m];
            }

            x[i] = s / factor[(i * n) + i];
        }
    }

    /// <summary>One level: its active cells, their 9-point stencil and work space.</summary>
    private sealed class Level
    {
        public Level(int height, int width, int[] cells, int[] compact)
        {
            (Height, Width, Cells, Compact) = (height, width, cells, compact);
            Diagonal = new double[cells.Length];
            Neighbour = new int[cells.Length * Slots];
            Array.Fill(Neighbour, -1);
            Coupling = new double[cells.Length * Slots];
            Parent = new int[cells.Length];
            Work = new double[cells.Length];
            Rhs = new double[cells.Length];
            Solution = new double[cells.Length];
        }

        public int Height { get; }

        public int Width { get; }

        /// <summary>Compact index to cell (row-major) index.</summary>
        public int[] Cells { get; }

        /// <summary>Cell index to compact index, -1 for cells not in the system.</summary>
        public int[] Compact { get; }

        public int Count => Cells.Length;

        public double[] Diagonal { get; }

        /// <summary>Compact index of the neighbour in slot o of cell k (k * 8 + o), -1 when none.</summary>
        public int[] Neighbour { get; }

        /// <summary>The matrix entry for that neighbour.</summary>
        public double[] Coupling { get; }

        /// <summary>Compact index of the cell's block in the next level.</summary>
        public int[] Parent { get; }

        public double[] Work { get; }

        public double[] Rhs { get; }

        public double[] Solution { get; }
    }
}
