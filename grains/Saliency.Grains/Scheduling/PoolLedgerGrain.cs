namespace Saliency.Grains.Scheduling;

/// <summary>
/// Hosts the <see cref="PoolLedger{TWorker}"/> of the cluster. Its state is in memory only: when the activation is
/// lost (its silo died) the next one rebuilds it from the holdings every running sweep reports on its next call,
/// granting nothing until they have (<see cref="PoolLedgerOptions.WarmUp"/>). Not reentrant: one call at a time.
/// </summary>
public sealed class PoolLedgerGrain : Grain, IPoolLedgerGrain
{
    private readonly PoolLedger<Worker> _ledger = new(new PoolLedgerOptions(), DateTime.UtcNow);

    public Task<IReadOnlyList<Worker>> Acquire(string sweepId, IReadOnlyList<Worker> held, int wanted, IReadOnlyList<Worker> live) =>
        Task.FromResult(_ledger.Acquire(sweepId, held, wanted, live, DateTime.UtcNow));

    public Task Release(string sweepId)
    {
        _ledger.Release(sweepId);
        return Task.CompletedTask;
    }
}
