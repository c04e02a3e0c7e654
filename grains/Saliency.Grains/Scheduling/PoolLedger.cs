namespace Saliency.Grains.Scheduling;

/// <summary>
/// The pool's in-flight slots across every running sweep, without Orleans (tested as a plain class; the cluster's
/// one instance lives in <see cref="PoolLedgerGrain"/>). Each worker (GPU silo, or simulated device) holds at most
/// <see cref="PoolLedgerOptions.PerWorker"/> shards in flight whichever sweeps they belong to, and the capacity
/// (live workers x <see cref="PoolLedgerOptions.PerWorker"/>) is shared fairly between the sweeps that hold slots or
/// want more: max-min fair shares (a sweep that wants less than an equal part gets what it wants; the rest is split
/// equally among the others, the remainder of the division going one slot each to those holding the most, then by
/// sweep id), so a sweep alone gets the whole pool, and no slot stays idle while some sweep waits for one. A sweep
/// is granted a slot only on a worker below the per-worker limit and only while it is below its share; shards
/// already running are never taken back, so a sweep above its share (it was alone, then others arrived) shrinks to
/// its share as its shards finish.
/// <para>
/// Each call carries the caller's own shards in flight (<c>held</c>, authoritative: the ledger replaces what it had
/// for that sweep), so a ledger that lost its state (a new activation) or a sweep that died heals itself: a sweep
/// not heard from for <see cref="PoolLedgerOptions.Expiry"/> is forgotten, and for
/// <see cref="PoolLedgerOptions.WarmUp"/> after the ledger starts it grants nothing, only listens, so every running
/// sweep (which calls at least every <see cref="PoolLedgerOptions.Heartbeat"/>) has reported its holdings before the
/// first grant.
/// </para>
/// </summary>
public sealed class PoolLedger<TWorker>(PoolLedgerOptions options, DateTime started)
    where TWorker : notnull
{
    private readonly Dictionary<string, Claim> _claims = new(StringComparer.Ordinal);

    /// <summary>Sweeps the ledger knows (holding slots, wanting some, or heard from recently).</summary>
    public IReadOnlyCollection<string> Sweeps => _claims.Keys;

    /// <summary>
    /// Records what <paramref name="sweep"/> holds and wants, and grants it free slots now: one entry per slot (a
    /// worker may appear twice), at most <paramref name="wanted"/>. Empty while the ledger warms up, when the sweep is
    /// at its fair share, or when every live worker is full.
    /// </summary>
    /// <param name="held">The sweep's shards in flight, one entry each: the worker it runs on.</param>
    /// <param name="wanted">Shards the sweep could start now (queued, within its own concurrency cap).</param>
    /// <param name="live">The workers alive now, in a stable order (ties go to the first).</param>
    public IReadOnlyList<TWorker> Acquire(string sweep, IReadOnlyList<TWorker> held, int wanted, IReadOnlyList<TWorker> live, DateTime now)
    {
        Expire(now);
        var liveSet = live.ToHashSet();
        var claim = new Claim(Count(held.Where(liveSet.Contains)), Math.Max(0, wanted), now);
        _claims[sweep] = claim;
        if (now < started + options.WarmUp || claim.Wanted == 0 || live.Count == 0)
        {
            return [];
        }

        var loads = Loads(liveSet);
        var shares = Shares(live.Count);
        var allowance = Math.Min(claim.Wanted, shares.GetValueOrDefault(sweep) - claim.Held.Values.Sum());
        var granted = new List<TWorker>();
        for (var i = 0; i < allowance; i++)
        {
            if (!LeastLoadedWorker.TryPick(live, w => loads.GetValueOrDefault(w), options.PerWorker, out var worker))
            {
                break;
            }

            loads[worker] = loads.GetValueOrDefault(worker) + 1;
            claim.Held[worker] = claim.Held.GetValueOrDefault(worker) + 1;
            granted.Add(worker);
        }

        claim.Wanted -= granted.Count;
        return granted;
    }

    /// <summary>The sweep ended (finished, failed or cancelled): its slots are free and it no longer takes a share.</summary>
    public void Release(string sweep) => _claims.Remove(sweep);

    /// <summary>Shards in flight on <paramref name="worker"/>, all sweeps together, as the ledger knows them.</summary>
    public int Load(TWorker worker) => _claims.Values.Sum(c => c.Held.GetValueOrDefault(worker));

    /// <summary>Slots each sweep holds, as the ledger knows them.</summary>
    public int Holding(string sweep) => _claims.TryGetValue(sweep, out var claim) ? claim.Held.Values.Sum() : 0;

    /// <summary>
    /// Max-min fair shares of <paramref name="liveWorkers"/> x <see cref="PoolLedgerOptions.PerWorker"/> slots among
    /// the sweeps that hold slots or want some (demand = held + wanted): sweeps demanding no more than an equal part
    /// get their demand, the rest split the remainder equally, the last slots of an uneven split going one each to
    /// the sweeps holding the most (then by id). Sweeps with no demand are absent.
    /// </summary>
    public IReadOnlyDictionary<string, int> Shares(int liveWorkers)
    {
        var remaining = liveWorkers * options.PerWorker;
        var open = _claims
            .Select(c => (Sweep: c.Key, Held: c.Value.Held.Values.Sum(), Demand: c.Value.Held.Values.Sum() + c.Value.Wanted))
            .Where(c => c.Demand > 0)
            .OrderBy(c => c.Demand)
            .ToList();
        var shares = new Dictionary<string, int>(StringComparer.Ordinal);

        // Water-filling: while the smallest open demand fits in an equal part of what is left, it is met in full.
        while (open.Count > 0 && open[0].Demand <= remaining / open.Count)
        {
            shares[open[0].Sweep] = open[0].Demand;
            remaining -= open[0].Demand;
            open.RemoveAt(0);
        }

        if (open.Count > 0)
        {
            var (each, extra) = (remaining / open.Count, remaining % open.Count);
            foreach (var (c, i) in open.OrderByDescending(c => c.Held).ThenBy(c => c.Sweep, StringComparer.Ordinal).Select((c, i) => (c, i)))
            {
                shares[c.Sweep] = each + (i < extra ? 1 : 0);
            }
        }

        return shares;
    }

    private void Expire(DateTime now)
    {
        foreach (var stale in _claims.Where(c => now - c.Value.Seen > options.Expiry).Select(c => c.Key).ToList())
        {
            _claims.Remove(stale);
        }
    }

    /// <summary>Shards in flight per live worker, every sweep together.</summary>
    private Dictionary<TWorker, int> Loads(HashSet<TWorker> live)
    {
        var loads = new Dictionary<TWorker, int>();
        foreach (var (worker, count) in _claims.Values.SelectMany(c => c.Held).Where(h => live.Contains(h.Key)))
        {
            loads[worker] = loads.GetValueOrDefault(worker) + count;
        }

        return loads;
    }

    private static Dictionary<TWorker, int> Count(IEnumerable<TWorker> workers)
    {
        var counts = new Dictionary<TWorker, int>();
        foreach (var worker in workers)
        {
            counts[worker] = counts.GetValueOrDefault(worker) + 1;
        }

        return counts;
    }

    /// <summary>What one sweep holds (slots per live worker) and still wants, and when it last called.</summary>
    private sealed class Claim(Dictionary<TWorker, int> held, int wanted, DateTime seen)
    {
        public Dictionary<TWorker, int> Held { get; } = held;

        public int Wanted { get; set; } = wanted;

        public DateTime Seen { get; } = seen;
    }
}

/// <summary>Limits and timing of the <see cref="PoolLedger{TWorker}"/>.</summary>
public sealed record PoolLedgerOptions
{
    /// <summary>Shards in flight per worker, all sweeps together (<see cref="SchedulerOptions.PerWorker"/>).</summary>
    public int PerWorker { get; init; } = new SchedulerOptions().PerWorker;

    /// <summary>A running sweep asks the ledger at least this often (its holdings stay known, and it hears of freed slots).</summary>
    public TimeSpan Heartbeat { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How soon a sweep that was denied a slot it wants asks again (slots free up in other sweeps).</summary>
    public TimeSpan Poll { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>A sweep not heard from for this long is forgotten (its grain died without releasing).</summary>
    public TimeSpan Expiry { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>After the ledger starts, it grants nothing for this long: every running sweep reports its holdings first.</summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(1.25);
}
