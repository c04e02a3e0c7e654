namespace Saliency.Contracts;

/// <summary>
/// Everything a work grain needs to compute one shard: the trial, the data and model locations, the patch
/// indices of its samples (indices into the patch set) and the normalisations to score each raw map under.
/// <see cref="Attempt"/> counts from 1. <see cref="MapSamples"/>: those of its samples whose raw maps (with the
/// patch and its mask) the work grain stores as sweep artifacts. <see cref="Metrics"/>: the sweep's model metrics
/// (faithfulness, sanity; canonical catalogue ids), computed next to each map; the pointing games are always scored.
/// </summary>
[GenerateSerializer, Immutable, Alias("saliency.ShardWork")]
public sealed record ShardWork(
    [property: Id(0)] ShardKey Key,
    [property: Id(1)] TrialSpec Trial,
    [property: Id(2)] string DataPath,
    [property: Id(3)] string ModelPath,
    [property: Id(4)] IReadOnlyList<int> SampleIndices,
    [property: Id(5)] IReadOnlyList<string> Normalisations,
    [property: Id(6)] int Attempt,
    [property: Id(7)] IReadOnlyList<int>? MapSamples = null,
    [property: Id(8)] IReadOnlyList<string>? Metrics = null);
