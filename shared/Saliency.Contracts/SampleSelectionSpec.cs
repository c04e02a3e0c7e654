namespace Saliency.Contracts;

/// <summary>
/// Which patches of the data set a sweep explains. Either <see cref="File"/> (a samples file written by
/// <c>saliency select</c>, or one patch index per line) or a rule: every patch with a defect of a single class
/// (<see cref="Classes"/> restricts the classes; empty = all), in patch order. <see cref="Limit"/> keeps the first N
/// (0 = no limit). The silos resolve the selection once per sweep; the sweep records the resolved indices.
/// </summary>
[GenerateSerializer, Immutable, Alias("saliency.SampleSelectionSpec")]
public sealed record SampleSelectionSpec(
    [property: Id(0)] string? File,
    [property: Id(1)] IReadOnlyList<string> Classes,
    [property: Id(2)] int Limit);
