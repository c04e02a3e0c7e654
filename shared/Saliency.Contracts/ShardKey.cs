namespace Saliency.Contracts;

/// <summary>
/// Identifies one unit of work: a trial and a shard (a contiguous range of the sweep's resolved sample list:
/// samples <c>[Index * ShardSize, min((Index + 1) * ShardSize, count))</c>). Also the key of the work grain
/// (<see cref="GrainKey"/>) and of the persisted result.
/// </summary>
[GenerateSerializer, Immutable, Alias("saliency.ShardKey")]
public sealed record ShardKey(
    [property: Id(0)] string SweepId,
    [property: Id(1)] string TrialId,
    [property: Id(2)] int Index)
{
    /// <summary>String key of the work grain: <c>sweep/trial/index</c>.</summary>
    public string GrainKey => $"{SweepId}/{TrialId}/{Index}";

    public override string ToString() => GrainKey;
}
