namespace Saliency.Core.Benchmark;

/// <summary>
/// One row of a benchmark's <c>rows.csv</c> (docs/results-format.md): one sample, one method variant, one
/// normalisation. <see cref="Sample"/> is the patch's index in the patch set; <see cref="Variant"/> is
/// <see cref="MethodVariant.Id"/>; <see cref="Normalization"/> a name such as <c>ReLU-99</c>. Undefined scores
/// (empty mask, all-zero normalised map) are NaN (written as an empty field). <see cref="Seconds"/> is the map's
/// computation time (the same for all normalisations of one map); <see cref="Fps"/> = 1 / Seconds.
/// </summary>
public sealed record BenchRow(
    int Sample,
    string SourceId,
    int PatchIndex,
    int Label,
    string Variant,
    string Method,
    string Normalization,
    double Distance,
    double Energy,
    double Seconds,
    double Fps,
    int ForwardPasses,
    int BackwardPasses);
