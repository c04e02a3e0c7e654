namespace Saliency.Grains.Scheduling;

/// <summary>
/// The cluster's one <see cref="PoolLedger{TWorker}"/> (key <see cref="SingletonKey"/>): every sweep grain asks it
/// for slots before it places shards, so the per-worker limit holds across sweeps and running sweeps share the pool
/// fairly. Internal to the silos (no client calls it).
/// </summary>
public interface IPoolLedgerGrain : IGrainWithIntegerKey
{
    const long SingletonKey = 0;

    /// <summary>
    /// Records <paramref name="sweepId"/>'s shards in flight (<paramref name="held"/>, one entry per shard, the
    /// worker it runs on) and how many more it could start (<paramref name="wanted"/>), and returns the slots it may
    /// fill now (see <see cref="PoolLedger{TWorker}.Acquire"/>). The lists are made for the call and never changed
    /// after it (<c>[Immutable]</c>: not copied for a call within the silo).
    /// </summary>
    Task<IReadOnlyList<Worker>> Acquire(string sweepId, [Immutable] IReadOnlyList<Worker> held, int wanted, [Immutable] IReadOnlyList<Worker> live);

    /// <summary>The sweep ended or was cancelled: its slots are free.</summary>
    Task Release(string sweepId);
}
