namespace Saliency.Torch.Training;

/// <summary>
/// Counts of (true class, predicted class) over logit indices: <c>Counts[t][p]</c>. Row sums are the per-class
/// counts; the diagonal holds the correct predictions.
/// </summary>
public sealed record ConfusionMatrix(int[][] Counts)
{
    public static ConfusionMatrix Empty(int classes) =>
        new([.. Enumerable.Range(0, classes).Select(_ => new int[classes])]);

    public int Total => Counts.Sum(r => r.Sum());

    public int Correct => Counts.Select((r, i) => r[i]).Sum();

    /// <summary>Correct / total; NaN when empty.</summary>
    public double Accuracy => Total == 0 ? double.NaN : (double)Correct / Total;

    /// <summary>Number of samples of each true class.</summary>
    public int[] ClassCounts => [.. Counts.Select(r => r.Sum())];

    public void Add(int truth, int predicted) => Counts[truth][predicted]++;
}
