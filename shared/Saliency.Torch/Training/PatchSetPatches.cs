using Saliency.Core.Data;

namespace Saliency.Torch.Training;

/// <summary>Adapts a data-core <see cref="PatchSet"/> to what training and selection consume.</summary>
public static class PatchSetPatches
{
    /// <summary>The set's pixels and labels (arrays shared, not copied).</summary>
    public static LabelledPatches From(PatchSet set) =>
        new LabelledPatches(set.Header.PatchHeight, set.Header.PatchWidth, [.. set.Patches.Select(p => p.Pixels)], set.Labels()).Validate();

    /// <summary>Display name of a label: "no defect" for 0, the header's class name for 1..K, else the number.</summary>
    public static string ClassName(PatchSetHeader header, int label) => label switch
    {
        PatchLabels.NoDefect => "no defect",
        _ when label >= 1 && label <= header.ClassNames.Count => header.ClassNames[label - 1],
        _ => label.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
