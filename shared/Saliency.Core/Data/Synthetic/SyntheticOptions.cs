namespace Saliency.Core.Data.Synthetic;

/// <summary>Settings of <see cref="SyntheticSeverstalGenerator"/>.</summary>
public sealed record SyntheticOptions
{
    /// <summary>Number of 1600x256 images (default 24).</summary>
    public int Images { get; init; } = 24;

    /// <summary>Seed; the same seed and options give byte-identical files.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Every n-th image (index n-1, 2n-1, ...) is defect-free (default 6).</summary>
    public int DefectFreeEvery { get; init; } = 6;

    /// <summary>Every n-th image (index 0, n, 2n, ...) has a black margin at one edge that covers its outer patch
    /// entirely (dropped by the background rule) and a few columns of the next one (kept) (default 4).</summary>
    public int BlackEdgeEvery { get; init; } = 4;

    /// <summary>Probability that a defect patch gets a second, different class (a "multiple" patch) (default 0.06).</summary>
    public double MultipleProbability { get; init; } = 0.06;

    /// <summary>Probability that a patch of a defect image stays defect-free (default 0.1).</summary>
    public double CleanPatchProbability { get; init; } = 0.1;

    /// <exception cref="InputException">A value is out of range.</exception>
    public void Validate()
    {
        if (Images is < 1 or > 100_000)
        {
            throw new InputException($"image count {Images} is outside 1..100000", field: "images");
        }

        if (DefectFreeEvery < 1 || BlackEdgeEvery < 1)
        {
            throw new InputException("DefectFreeEvery and BlackEdgeEvery must be >= 1", field: "options");
        }

        if (MultipleProbability is < 0 or > 1 || CleanPatchProbability is < 0 or > 1)
        {
            throw new InputException("probabilities must be in [0, 1]", field: "options");
        }
    }
}
