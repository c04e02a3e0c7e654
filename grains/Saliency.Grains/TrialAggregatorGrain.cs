using Saliency.Contracts;
using Saliency.Grains.Aggregation;
using Saliency.Grains.Storage;

namespace Saliency.Grains;

/// <summary>
/// Keeps every shard result of one trial (key <c>sweep/trial</c>) and aggregates them on request. On activation
/// it loads the trial's persisted shards, so a lost activation costs a reload, never a result.
/// </summary>
public sealed class TrialAggregatorGrain(IResultStore store) : Grain, ITrialAggregatorGrain
{
    private readonly Dictionary<int, ShardResult> _shards = [];

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        var slash = key.LastIndexOf('/');
        foreach (var shard in await store.ReadShardsAsync(key[..slash], key[(slash + 1)..], cancellationToken))
        {
            _shards[shard.Key.Index] = shard;
        }
    }

    public Task Add(ShardResult result)
    {
        _shards[result.Key.Index] = result;
        return Task.CompletedTask;
    }

    public Task<TrialAggregate> Get(TrialSpec trial, IReadOnlyList<string> normalisations) =>
        Task.FromResult(TrialAggregation.Compute(trial, normalisations, _shards.Values));
}
