using Saliency.Contracts;
using Saliency.Sweeps;

namespace Saliency.Grains.Scheduling;

/// <summary>
/// Batching-only variants under a sweep's <see cref="SweepSpec.TimingSamples"/>: a trial whose variant differs from
/// another trial of the sweep only in parameters the method catalogue marks batching-only (the same maps: e.g.
/// SmoothGrad <c>batched</c>, ScoreCAM <c>batch</c>) is computed, and so timed, only on its shards that hold one of
/// the first <c>TimingSamples</c> samples; its other shards take the scores of the family's reference
/// (<see cref="BatchingReferences"/>: the member with the fewest passes), and carry no time. The docs say so, and results record it per sample.
/// </summary>
public static class DerivedShards
{
    /// <summary>True when shard <paramref name="index"/> holds one of the first <see cref="SweepSpec.TimingSamples"/> samples.</summary>
    public static bool IsTimed(SweepSpec spec, int index) => (long)index * spec.ShardSize < spec.TimingSamples;

    /// <summary>The result of <paramref name="trial"/>'s shard made from its reference shard's result: the same
    /// scores and outcomes, no time, no passes, and a reason that says where they come from.</summary>
    public static ShardResult From(ShardResult reference, ShardKey key, TrialSpec trial, TrialSpec referenceTrial) =>
        new(
            key,
            [.. reference.Samples.Select(s => s with
            {
                VariantId = trial.VariantId,
                Seconds = double.NaN,
                ForwardPasses = 0,
                BackwardPasses = 0,
                Reason = $"scores of {referenceTrial.VariantId} (same maps, only batching differs); not timed" + (s.Reason is null ? string.Empty : $"; {s.Reason}"),
            })],
            reference.Silo,
            reference.Device,
            0,
            0);
}
