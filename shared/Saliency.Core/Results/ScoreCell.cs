namespace Saliency.Core.Results;

/// <summary>
/// The distance scores of one (variant, normalisation): <see cref="Rows"/> rows in rows.csv, of which
/// <see cref="Scores"/> are defined; <see cref="Median"/> is their median (numpy's rule), NaN when none is defined.
/// </summary>
public sealed record ScoreCell(int Rows, IReadOnlyList<double> Scores, double Median)
{
    public int Defined => Scores.Count;
}
