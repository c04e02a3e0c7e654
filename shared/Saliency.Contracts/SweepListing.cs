namespace Saliency.Contracts;

/// <summary>A line of <c>sweep list</c>.</summary>
[GenerateSerializer, Immutable, Alias("saliency.SweepListing")]
public sealed record SweepListing(
    [property: Id(0)] string SweepId,
    [property: Id(1)] string Name,
    [property: Id(2)] SweepState State,
    [property: Id(3)] int Trials,
    [property: Id(4)] int ShardsDone,
    [property: Id(5)] int ShardsTotal);
