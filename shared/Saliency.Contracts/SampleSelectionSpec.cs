namespace Saliency.Contracts;

/// <summary>
/// Which patches of the data set a sweep explains. Either <see cref="File"/> (a samples file written by
/// <c>saliency select</c>, or one patch index per line) or a rule, resolved on a GPU silo against the data set and
/// the model:
/// <list type="bullet">
/// <item>candidates: every patch (<see cref="Split"/> <c>all</c>) or the validation split recorded in the model
/// (<c>validation</c>, the split <c>saliency train</c> held out);</item>
/// <item>of those, the patches with a defect of a single class (<see cref="Classes"/> restricts the classes; empty =
/// all);</item>
/// <item>with a <see cref="MinConfidence"/>, only those the model classifies correctly with softmax probability
/// &gt;= it (the paper's rule: validation, 0.9, the same set <c>saliency select</c> writes); null = no model check.</item>
/// </list>
/// Indices are taken in patch order; <see cref="Limit"/> keeps the first N (0 = no limit). The silos resolve the
/// selection once per sweep; the sweep records the resolved indices.
/// </summary>
[GenerateSerializer, Immutable, Alias("saliency.SampleSelectionSpec")]
public sealed record SampleSelectionSpec(
    [property: Id(0)] string? File,
    [property: Id(1)] IReadOnlyList<string> Classes,
    [property: Id(2)] int Limit,
    [property: Id(3)] string Split = SampleSplits.All,
    [property: Id(4)] double? MinConfidence = null)
{
    /// <summary>True when the selection is a rule (no samples file).</summary>
    public bool IsRule => File is null;
}
