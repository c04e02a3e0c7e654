namespace Saliency.Contracts;

/// <summary>A silo (and its device) that ran work of this sweep, with its shard counts in this run.</summary>
[GenerateSerializer, Immutable, Alias("saliency.WorkerUsage")]
public sealed record WorkerUsage(
    [property: Id(0)] string Silo,
    [property: Id(1)] string Device,
    [property: Id(2)] int ShardsRunning,
    [property: Id(3)] int ShardsDone);
