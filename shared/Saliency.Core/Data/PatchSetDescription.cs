namespace Saliency.Core.Data;

/// <summary>What a patch set holds, independent of its patches: given when writing one.</summary>
/// <param name="Dataset">Data set name, e.g. <c>severstal</c>, <c>neu-seg</c>, <c>synthetic</c>.</param>
/// <param name="ClassNames">Names of the defect classes 1..K in order (<c>ClassNames[0]</c> is class 1); labels and
/// mask values above K are invalid except <see cref="PatchLabels.Multiple"/>.</param>
/// <param name="PatchWidth">Patch width in pixels.</param>
/// <param name="PatchHeight">Patch height in pixels.</param>
/// <param name="Options">The preparation options (name to invariant-culture value), stored for provenance.</param>
public sealed record PatchSetDescription(
    string Dataset,
    IReadOnlyList<string> ClassNames,
    int PatchWidth,
    int PatchHeight,
    IReadOnlyDictionary<string, string> Options)
{
    /// <summary>Pixels per patch (<c>PatchWidth * PatchHeight</c>), the size of one pixel or mask block entry.</summary>
    public int PixelsPerPatch => PatchWidth * PatchHeight;

    /// <summary>Number of defect classes K.</summary>
    public int ClassCount => ClassNames.Count;

    /// <summary>True when <paramref name="label"/> is 0..K or <see cref="PatchLabels.Multiple"/>.</summary>
    public bool IsValidLabel(byte label) => label <= ClassCount || label == PatchLabels.Multiple;
}
