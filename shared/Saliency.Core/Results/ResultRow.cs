namespace Saliency.Core.Results;

/// <summary>
/// One row of a results folder's <c>rows.csv</c> (docs/results-format.md): the scores of one sample's raw map from
/// one method variant under one normalisation. <see cref="Sample"/> is the patch's index in the patch set;
/// <see cref="PatchIndex"/> its position within its source image; <see cref="Variant"/> the variant id (e.g.
/// <c>SmoothGrad(batched=true,n=50)</c>); <see cref="Normalisation"/> a name such as <c>ReLU-99</c>. Undefined scores
/// (empty mask, all-zero normalised map) are NaN. <see cref="Seconds"/> is the map's computation time, the same on
/// every normalisation row of one map; NaN when the map was not timed (its scores were taken from a variant that
/// differs only in batching). The one row record of bench, sweep results and the report.
/// </summary>
public sealed record ResultRow(
    int Sample,
    string SourceId,
    int PatchIndex,
    string Label,
    string Variant,
    string Method,
    string Normalisation,
    double Distance,
    double Energy,
    double Seconds,
    int ForwardPasses,
    int BackwardPasses)
{
    /// <summary>Maps per second of this map: 1 / <see cref="Seconds"/> (0 when no time was measured).</summary>
    public double Fps => Seconds > 0 ? 1.0 / Seconds : 0;
}
