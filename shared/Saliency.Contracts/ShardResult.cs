namespace Saliency.Contracts;

/// <summary>
/// A computed shard: one <see cref="SampleResult"/> per sample of the shard in sample order, where it ran
/// (<see cref="Silo"/>, <see cref="Device"/>), the attempt that produced it and its wall time in seconds on the
/// device thread (prediction, maps and scoring; not the time queued behind other shards).
/// This is the unit that is persisted (idempotently, keyed by <see cref="Key"/>) and aggregated.
/// </summary>
[GenerateSerializer, Immutable, Alias("saliency.ShardResult")]
public sealed record ShardResult(
    [property: Id(0)] ShardKey Key,
    [property: Id(1)] IReadOnlyList<SampleResult> Samples,
    [property: Id(2)] string Silo,
    [property: Id(3)] string Device,
    [property: Id(4)] int Attempt,
    [property: Id(5)] double WallSeconds);
