using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Saliency.Grains.Gpu.Execution;

/// <summary>
/// The executors of a GPU silo's devices, by device number (<see cref="Scheduling.DeviceSlot"/>): device 0 is the
/// silo's <see cref="IDeviceExecutor"/>; with <see cref="ExecutorOptions.SimulatedDevices"/> = N &gt; 0 the silo
/// simulates a pool and devices 0..N-1 are N executors of their own (labelled <c>{Device}/{n}</c>), each with its
/// own queue and thread, as N GPU silos would have.
/// </summary>
public sealed class DevicePool : IHostedService, IDisposable
{
    private readonly IDeviceExecutor _primary;
    private readonly IReadOnlyList<DeviceExecutor> _simulated;

    public DevicePool(IDeviceExecutor primary, IOptions<ExecutorOptions> options, ILoggerFactory loggers, IHostApplicationLifetime? lifetime = null)
    {
        _primary = primary;
        var o = options.Value;
        _simulated = Enumerable.Range(0, Math.Max(0, o.SimulatedDevices))
            .Select(n => new DeviceExecutor(
                Options.Create(new ExecutorOptions { Device = $"{o.Device}/{n}", QueueCapacity = o.QueueCapacity }),
                loggers.CreateLogger<DeviceExecutor>()))
            .ToList();

        // SIGTERM (or any stop of the host): every device stops taking shards at once, before the silo leaves.
        lifetime?.ApplicationStopping.Register(Drain);
    }

    /// <summary>Devices the silo offers (1 unless it simulates a pool).</summary>
    public int Count => Math.Max(1, _simulated.Count);

    /// <summary>The executor of <paramref name="device"/>.</summary>
    public IDeviceExecutor For(int device) =>
        _simulated.Count == 0
            ? device == 0 ? _primary : throw new ArgumentOutOfRangeException(nameof(device), device, "this silo has one device")
            : device >= 0 && device < _simulated.Count ? _simulated[device]
            : throw new ArgumentOutOfRangeException(nameof(device), device, $"this silo simulates {_simulated.Count} devices");

    /// <summary>Drains every device of the silo (<see cref="DeviceExecutor.Drain"/>).</summary>
    public void Drain()
    {
        (_primary as DeviceExecutor)?.Drain();
        foreach (var executor in _simulated)
        {
            executor.Drain();
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var executor in _simulated)
        {
            await executor.StartAsync(cancellationToken);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var executor in _simulated)
        {
            await executor.StopAsync(cancellationToken);
        }
    }

    public void Dispose()
    {
        foreach (var executor in _simulated)
        {
            executor.Dispose();
        }
    }
}
