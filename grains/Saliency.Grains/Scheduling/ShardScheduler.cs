namespace Saliency.Grains.Scheduling;

/// <summary>
/// Decides which shard of a sweep runs next and where, without Orleans (tested as a plain class):
/// <list type="bullet">
/// <item>a queue, longest shard first by <c>cost</c> (ties in submission order), so the expensive shards do not end
/// up alone at the tail of a sweep;</item>
/// <item>per-worker load: each shard goes to the worker with the fewest of this scheduler's shards in flight, at most
/// <see cref="SchedulerOptions.PerWorker"/> each and <see cref="SchedulerOptions.MaxConcurrent"/> in all, so that in
/// effect every worker pulls its next shard when one finishes; with no worker known a shard is dispatched without
/// one (the caller lets it fail there);</item>
/// <item>retries: a failed computation is queued again until <see cref="SchedulerOptions.MaxAttempts"/> attempts are
/// used, then the shard is <see cref="ShardPhase.Failed"/>; an infrastructure failure (lost or unreachable worker)
/// uses up no attempt and is placed again after a back-off, at most
/// <see cref="SchedulerOptions.MaxInfrastructureRetries"/> times.</item>
/// </list>
/// The caller owns time and the calls: it asks <see cref="Dispatch"/> for work, runs it, and reports each end
/// (<see cref="Succeeded"/>, <see cref="Failed"/>, <see cref="Abandoned"/>). In a cluster the per-worker limit
/// spans every running sweep: the sweep asks the pool's ledger (<see cref="PoolLedger{TWorker}"/>) for slots with
/// <see cref="Wanted"/> and <see cref="Held"/>, and places shards on exactly those with <see cref="DispatchOnto"/>.
/// </summary>
public sealed class ShardScheduler<TWorker>
    where TWorker : class
{
    private readonly SchedulerOptions _options;
    private readonly Func<ShardTracker, double> _cost;
    private readonly PriorityQueue<ShardTracker, (double Cost, int Order)> _queue = new();
    private readonly List<(DateTime Ready, ShardTracker Shard)> _delayed = [];
    private readonly Dictionary<TWorker, int> _inFlight = [];
    private int _order;

    /// <param name="shards">Every shard of the sweep; those still <see cref="ShardPhase.Pending"/> are queued.</param>
    /// <param name="cost">Expected work of a shard (any unit; larger runs earlier).</param>
    public ShardScheduler(IEnumerable<ShardTracker> shards, SchedulerOptions options, Func<ShardTracker, double> cost)
    {
        _options = options;
        _cost = cost;
        foreach (var shard in shards.Where(s => s.Phase == ShardPhase.Pending))
        {
            Enqueue(shard);
        }
    }

    /// <summary>Shards in flight.</summary>
    public int Running { get; private set; }

    /// <summary>Shards put back for another try (after a failure or a lost worker) so far.</summary>
    public int Retries { get; private set; }

    /// <summary>True while a shard is queued, waiting out a back-off, or in flight.</summary>
    public bool HasWork => _queue.Count > 0 || _delayed.Count > 0 || Running > 0;

    /// <summary>When the earliest backed-off shard may be placed again (null when none waits).</summary>
    public DateTime? NextReady => _delayed.Count == 0 ? null : _delayed.Min(d => d.Ready);

    /// <summary>Shards in flight on <paramref name="worker"/>.</summary>
    public int InFlight(TWorker worker) => _inFlight.GetValueOrDefault(worker);

    /// <summary>
    /// The shards to start now, each with the worker it goes to (null: no worker is known), marked running. Shards
    /// whose back-off ended first rejoin the queue.
    /// </summary>
    /// <param name="workers">The workers that may take shards now, in a stable order (ties go to the first).</param>
    public IReadOnlyList<(ShardTracker Shard, TWorker? Worker)> Dispatch(IReadOnlyList<TWorker> workers, DateTime now)
    {
        Promote(now);
        var started = new List<(ShardTracker, TWorker?)>();
        while (Running < _options.MaxConcurrent && _queue.Count > 0)
        {
            var worker = LeastLoaded(workers);
            if (worker is null && workers.Count > 0)
            {
                break; // every worker has its fill: wait for a shard to finish
            }

            started.Add(Start(worker));
        }

        return started;
    }

    /// <summary>
    /// Shards this scheduler could start now: queued (after back-offs that ended rejoin the queue), within
    /// <see cref="SchedulerOptions.MaxConcurrent"/>. What the sweep asks the pool's ledger for.
    /// </summary>
    public int Wanted(DateTime now)
    {
        Promote(now);
        return Math.Max(0, Math.Min(_queue.Count, _options.MaxConcurrent - Running));
    }

    /// <summary>Where this scheduler's shards are in flight: one entry per shard (a worker twice when it runs two).</summary>
    public IReadOnlyList<TWorker> Held => [.. _inFlight.SelectMany(w => Enumerable.Repeat(w.Key, w.Value))];

    /// <summary>
    /// The shards to start on exactly the <paramref name="slots"/> given (one shard per entry, in order; slots
    /// granted across sweeps by the pool's ledger, which applies the per-worker limit), longest first, marked running.
    /// </summary>
    public IReadOnlyList<(ShardTracker Shard, TWorker? Worker)> DispatchOnto(IReadOnlyList<TWorker> slots, DateTime now)
    {
        Promote(now);
        var started = new List<(ShardTracker, TWorker?)>();
        foreach (var slot in slots)
        {
            if (Running >= _options.MaxConcurrent || _queue.Count == 0)
            {
                break;
            }

            started.Add(Start(slot));
        }

        return started;
    }

    public void Succeeded(ShardTracker shard, TWorker? worker, ShardOutcome outcome)
    {
        Release(worker);
        shard.Outcome = outcome;
        shard.Phase = ShardPhase.Done;
    }

    /// <summary>Records a failed run and decides what happens to the shard next.</summary>
    /// <param name="infrastructure">The worker was lost or unreachable (not the computation's fault).</param>
    public ShardFailureAction Failed(ShardTracker shard, TWorker? worker, string error, bool infrastructure, DateTime now)
    {
        Release(worker);
        shard.LastError = error;
        if (infrastructure && shard.InfrastructureRetries < _options.MaxInfrastructureRetries)
        {
            shard.InfrastructureRetries++;
            shard.Attempts--;
            shard.Phase = ShardPhase.Pending;
            Retries++;
            _delayed.Add((now + (_options.InfrastructureBackoff * Math.Min(shard.InfrastructureRetries, 4)), shard));
            return ShardFailureAction.PlacedAgainLater;
        }

        if (shard.Attempts < _options.MaxAttempts)
        {
            shard.Phase = ShardPhase.Pending;
            Retries++;
            Enqueue(shard);
            return ShardFailureAction.Retried;
        }

        shard.Phase = ShardPhase.Failed;
        return ShardFailureAction.GaveUp;
    }

    /// <summary>A run that ended without a verdict (cancelled): the shard is pending again.</summary>
    public void Abandoned(ShardTracker shard, TWorker? worker)
    {
        Release(worker);
        shard.Phase = ShardPhase.Pending;
    }

    /// <summary>The candidate that takes the next shard (<see cref="LeastLoadedWorker"/> under
    /// <see cref="SchedulerOptions.PerWorker"/>); null when every candidate is full or there is none.</summary>
    private TWorker? LeastLoaded(IReadOnlyList<TWorker> workers) =>
        LeastLoadedWorker.TryPick(workers, InFlight, _options.PerWorker, out var worker) ? worker : null;

    /// <summary>Shards whose back-off ended rejoin the queue.</summary>
    private void Promote(DateTime now)
    {
        foreach (var ready in _delayed.Where(d => d.Ready <= now).ToList())
        {
            _delayed.Remove(ready);
            Enqueue(ready.Shard);
        }
    }

    /// <summary>The next queued shard, marked running on <paramref name="worker"/>.</summary>
    private (ShardTracker, TWorker?) Start(TWorker? worker)
    {
        var shard = _queue.Dequeue();
        shard.Phase = ShardPhase.Running;
        shard.Attempts++;
        Running++;
        if (worker is not null)
        {
            _inFlight[worker] = _inFlight.GetValueOrDefault(worker) + 1;
        }

        return (shard, worker);
    }

    private void Release(TWorker? worker)
    {
        Running--;
        if (worker is not null)
        {
            _inFlight[worker]--;
        }
    }

    private void Enqueue(ShardTracker shard) => _queue.Enqueue(shard, (-_cost(shard), _order++));
}

/// <summary>What the scheduler did with a failed shard.</summary>
public enum ShardFailureAction
{
    /// <summary>Queued again; an attempt was used.</summary>
    Retried,

    /// <summary>Its worker was lost: placed again after a back-off, no attempt used.</summary>
    PlacedAgainLater,

    /// <summary>Out of attempts: the shard failed.</summary>
    GaveUp,
}
