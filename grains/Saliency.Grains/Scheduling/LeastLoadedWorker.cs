using System.Diagnostics.CodeAnalysis;

namespace Saliency.Grains.Scheduling;

/// <summary>
/// The placement rule shared by a sweep's <see cref="ShardScheduler{TWorker}"/> and the pool's
/// <see cref="PoolLedger{TWorker}"/>: the candidate with the fewest shards in flight, if it has fewer than the
/// per-worker limit; ties go to the first in order.
/// </summary>
internal static class LeastLoadedWorker
{
    /// <returns>False when every candidate is at the limit or there is none.</returns>
    public static bool TryPick<TWorker>(IReadOnlyList<TWorker> candidates, Func<TWorker, int> load, int limit, [MaybeNullWhen(false)] out TWorker worker)
    {
        worker = default;
        var bestLoad = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var candidateLoad = load(candidate);
            if (candidateLoad < bestLoad)
            {
                (worker, bestLoad) = (candidate, candidateLoad);
            }
        }

        return bestLoad < limit;
    }
}
