namespace Saliency.Contracts;

/// <summary>
/// A sweep after grid expansion: what to explain (data, model, samples), the trials (method variants), the
/// normalisations and metrics every raw map is scored under (post-processing: one raw map per trial and sample),
/// and how the work is cut (<see cref="ShardSize"/> samples per shard). <see cref="ContentHash"/> is a hash of the
/// canonical content (everything but <see cref="Name"/> and the scheduling knobs); resume refuses a changed spec.
/// Paths are as the silos see them. <see cref="MapSamples"/>: the raw maps of the first N resolved samples are kept
/// (Fig. 3). <see cref="TimingSamples"/> &gt; 0: a variant that differs from an earlier one of the sweep only in
/// batching-only parameters (the same maps, see the method catalogue) is computed and timed on the first N samples
/// only; its other samples take the earlier variant's scores (docs/cluster.md, "Batching-only variants").
/// </summary>
[GenerateSerializer, Immutable, Alias("saliency.SweepSpec")]
public sealed record SweepSpec(
    [property: Id(0)] string Name,
    [property: Id(1)] string DataPath,
    [property: Id(2)] string ModelPath,
    [property: Id(3)] SampleSelectionSpec Samples,
    [property: Id(4)] IReadOnlyList<TrialSpec> Trials,
    [property: Id(5)] IReadOnlyList<string> Normalisations,
    [property: Id(6)] IReadOnlyList<string> Metrics,
    [property: Id(7)] int ShardSize,
    [property: Id(8)] int MaxAttempts,
    [property: Id(9)] int MaxConcurrentShards,
    [property: Id(10)] string ContentHash,
    [property: Id(11)] int MapSamples = 4,
    [property: Id(12)] int TimingSamples = 0)
{
    /// <summary>The sweep id: <c>name-hash8</c>; the same spec submitted twice is the same sweep.</summary>
    public string SweepId => $"{Name}-{ContentHash[..8]}";
}
