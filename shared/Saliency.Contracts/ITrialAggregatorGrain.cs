namespace Saliency.Contracts;

/// <summary>
/// Aggregates one trial of one sweep (key: <see cref="KeyOf"/>). Adding a shard twice counts it once; after a
/// reactivation the aggregator reloads the persisted shards of its trial, so nothing is lost with a silo.
/// </summary>
public interface ITrialAggregatorGrain : IGrainWithStringKey
{
    static string KeyOf(string sweepId, string trialId) => $"{sweepId}/{trialId}";

    Task Add(ShardResult result);

    Task<TrialAggregate> Get(TrialSpec trial, IReadOnlyList<string> normalisations);
}
