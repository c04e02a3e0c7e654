namespace Saliency.Reporting.Results;

/// <summary>
/// One row of <c>rows.csv</c>: the scores of one sample's map from one method variant under one normalisation.
/// <see cref="Distance"/> and <see cref="Energy"/> are null where the score is undefined (empty mask, all-zero map).
/// <see cref="Seconds"/> is the wall time of the map in seconds and <see cref="Fps"/> its inverse (maps per second);
/// both are the same on every normalisation row of one (sample, variant).
/// </summary>
public sealed record ResultRow(
    string Sample,
    string SourceId,
    int PatchIndex,
    string Label,
    string Variant,
    string Method,
    string Normalization,
    double? Distance,
    double? Energy,
    double Seconds,
    double Fps,
    long ForwardPasses,
    long BackwardPasses);
