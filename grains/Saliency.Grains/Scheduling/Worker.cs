using Orleans.Runtime;

namespace Saliency.Grains.Scheduling;

/// <summary>
/// What the scheduler places shards on: one device of a GPU silo. A silo normally has one device (device 0); a silo
/// that simulates a pool (<see cref="WorkerDevices.PerSilo"/> &gt; 1) offers several, each an independent simulated
/// GPU with its own queue, so one process can stand in for a pool of GPU silos. Travels to the
/// <see cref="IPoolLedgerGrain"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("saliency.Worker")]
public sealed record Worker(
    [property: Id(0)] SiloAddress Silo,
    [property: Id(1)] int Device);
