using Saliency.Contracts;

namespace Saliency.Grains.Storage;

/// <summary>
/// What the results storage keeps about a sweep besides its shard results: the expanded spec, the resolved
/// sample list (patch indices, fixed at the first start so that resume cuts the same shards), the last known
/// state and message, and times (UTC).
/// </summary>
public sealed record SweepManifest(
    SweepSpec Spec,
    IReadOnlyList<int>? Samples,
    SweepState State,
    string? Message,
    DateTimeOffset Created,
    DateTimeOffset Updated)
{
    /// <summary>Number of shards per trial for the resolved samples (0 before they are resolved).</summary>
    public int ShardsPerTrial => Samples is null ? 0 : (Samples.Count + Spec.ShardSize - 1) / Spec.ShardSize;

    /// <summary>The sample indices of shard <paramref name="index"/>: a contiguous slice of <see cref="Samples"/>.</summary>
    public IReadOnlyList<int> ShardSamples(int index)
    {
        var all = Samples ?? throw new InvalidOperationException("samples are not resolved yet");
        var start = index * Spec.ShardSize;
        return all.Skip(start).Take(Spec.ShardSize).ToArray();
    }
}
