namespace Saliency.Grains.Gpu.Execution;

/// <summary>
/// A job refused by a stopping device executor (the silo is shutting down): it never started, so it can run
/// elsewhere. The work grain turns it into a hand-back to the sweep (<see cref="ShardWorkGrain"/>).
/// </summary>
public sealed class DeviceStoppingException(string device)
    : Exception($"device {device} is stopping (its silo is shutting down); the job did not start")
{
    public string Device { get; } = device;
}
