namespace Saliency.Grains;

/// <summary>
/// Devices each GPU silo offers the scheduler. 1 in a real cluster (one silo per GPU); more only where a silo
/// simulates a pool of GPU silos (<c>Saliency:Executor:SimulatedDevices</c>, the pool simulation of docs/cluster.md).
/// </summary>
public sealed record WorkerDevices(int PerSilo)
{
    public static WorkerDevices One { get; } = new(1);
}
