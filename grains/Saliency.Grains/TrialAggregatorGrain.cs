using Saliency.Contracts;
using Saliency.Grains.Aggregation;
using Saliency.Grains.Storage;

namespace Saliency.Grains;

/// <summary>
/// Keeps every shard result of one trial (key <c>sweep/trial</c>) and aggregates them on request. On activation and
/// before each aggregate it reads the trial's persisted shards it does not hold yet, so a lost activation or a missed
/// <see cref="Add"/> costs a reload, never a result.
/// </summary>
public sealed class TrialAggregatorGrain(IResultStore store) : Grain, ITrialAggregatorGrain
{
    private readonly Dictionary<int, ShardResult> _shards = [];

    public override Task OnActivateAsync(CancellationToken cancellationToken) => CatchUp(cancellationToken);

    public Task Add(ShardResult result)
    {
        _shards[result.Key.Index] = result;
        return Task.CompletedTask;
    }

    public async Task<TrialAggregate> Get(TrialSpec trial, IReadOnlyList<string> normalisations)
    {
        await CatchUp(CancellationToken.None);
        return TrialAggregation.Compute(trial, normalisations, _shards.Values);
    }

    /// <summary>Reads the persisted shards of this trial that are not held yet (storage is the source of truth).</summary>
    private async Task CatchUp(CancellationToken ct)
    {
        var key = this.GetPrimaryKeyString();
        var slash = key.LastIndexOf('/');
        var (sweepId, trialId) = (key[..slash], key[(slash + 1)..]);
        foreach (var shardKey in await store.ListShardsAsync(sweepId, ct))
        {
            if (shardKey.TrialId == trialId && !_shards.ContainsKey(shardKey.Index)
                && await store.ReadShardAsync(shardKey, ct) is { } shard)
            {
                _shards[shard.Key.Index] = shard;
            }
        }
    }
}
