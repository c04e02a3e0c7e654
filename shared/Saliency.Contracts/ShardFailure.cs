namespace Saliency.Contracts;

/// <summary>A shard that failed every allowed attempt: its key, attempts and the last error.</summary>
[GenerateSerializer, Immutable, Alias("saliency.ShardFailure")]
public sealed record ShardFailure(
    [property: Id(0)] ShardKey Key,
    [property: Id(1)] int Attempts,
    [property: Id(2)] string Error);
