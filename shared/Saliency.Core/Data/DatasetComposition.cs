namespace Saliency.Core.Data;

/// <summary>
/// Table 1 of the study: patches per label of a patch set. <see cref="Entries"/> are in display order (defect
/// classes 1..K, then "no defect", then "multiple"); <see cref="DroppedBackground"/> counts patches discarded by
/// the background rule (not part of <see cref="Total"/>), null when unknown. <see cref="ClassNames"/> are the patch
/// set's names of classes 1..K when its table1.json gives them (older files do not).
/// </summary>
public sealed record DatasetComposition(
    string? Dataset, IReadOnlyList<CompositionEntry> Entries, long? DroppedBackground, IReadOnlyList<string>? ClassNames = null)
{
    /// <summary>Sum of <see cref="Entries"/> counts (the kept patches).</summary>
    public long Total => Entries.Sum(e => e.Count);

    /// <summary>Share of <see cref="Total"/> in percent (0-100); 0 when the total is 0.</summary>
    public double Percent(long count) => Total == 0 ? 0 : 100.0 * count / Total;
}

/// <summary>One label of <see cref="DatasetComposition"/>: its key as in table1.json (<c>1</c>, <c>none</c>, ...), a display name, and the count.</summary>
public sealed record CompositionEntry(string Key, string Name, long Count);
