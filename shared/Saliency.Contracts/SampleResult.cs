namespace Saliency.Contracts;

/// <summary>
/// One (sample, trial) result: the raw map's scores under every normalisation, the seconds the map computation
/// took (warm-up excluded, device synchronised), and the forward/backward pass counts. Scores are empty unless
/// <see cref="Outcome"/> is <see cref="SampleOutcome.Done"/>; a score is NaN where it is undefined (empty mask,
/// all-zero map). <see cref="SampleIndex"/> is the patch index in the data set; <see cref="SourceId"/> and
/// <see cref="Label"/> are the patch's source image id and class label, <see cref="SourcePatchIndex"/> the patch's
/// position within its source image, when the data set records them. <see cref="Metrics"/>: the values of the model
/// metrics the shard was asked for (<see cref="ShardWork.Metrics"/>), computed on the same raw map; null when none.
/// </summary>
[GenerateSerializer, Immutable, Alias("saliency.SampleResult")]
public sealed record SampleResult(
    [property: Id(0)] int SampleIndex,
    [property: Id(1)] string VariantId,
    [property: Id(2)] SampleOutcome Outcome,
    [property: Id(3)] IReadOnlyList<NormalisationScore> Scores,
    [property: Id(4)] double Seconds,
    [property: Id(5)] int ForwardPasses,
    [property: Id(6)] int BackwardPasses,
    [property: Id(7)] string? Reason,
    [property: Id(8)] string? SourceId = null,
    [property: Id(9)] string? Label = null,
    [property: Id(10)] int? SourcePatchIndex = null,
    [property: Id(11)] IReadOnlyList<MetricScore>? Metrics = null);
