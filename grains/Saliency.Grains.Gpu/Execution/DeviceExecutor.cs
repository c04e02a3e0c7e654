using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Saliency.Telemetry;

namespace Saliency.Grains.Gpu.Execution;

/// <summary>
/// <see cref="IDeviceExecutor"/> as a hosted service (in a silo, run in the silo's lifecycle by
/// <see cref="SiloStageService"/>): a bounded <see cref="Channel{T}"/> and one dedicated (non-thread-pool) consumer
/// thread for the device. <see cref="Drain"/> (on the host's stop signal) and stopping complete the channel and hand
/// queued jobs and any later ones back (<see cref="DeviceStoppingException"/>: they never start); stopping then waits
/// for the running one (up to the host's shutdown timeout). While started, the executor is reported in the device gauges
/// (<see cref="SaliencyMetrics.Devices"/>: queue depth and in-use, role <c>gpu</c>: only GPU-role silos have one).
/// </summary>
public sealed class DeviceExecutor : IDeviceExecutor, IHostedService, IDisposable
{
    private readonly Channel<Job> _channel;
    private readonly ILogger<DeviceExecutor> _logger;
    private Thread? _thread;
    private long _completed;
    private long _failed;
    private long _busyTicks;
    private volatile bool _inUse;
    private IDisposable? _probe;

    public DeviceExecutor(IOptions<ExecutorOptions> options, ILogger<DeviceExecutor> logger)
    {
        Device = options.Value.Device;
        _logger = logger;
        _channel = Channel.CreateBounded<Job>(new BoundedChannelOptions(Math.Max(1, options.Value.QueueCapacity))
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public string Device { get; }

    public ExecutorCounters Counters => new(
        Interlocked.Read(ref _completed),
        Interlocked.Read(ref _failed),
        TimeSpan.FromTicks(Interlocked.Read(ref _busyTicks)).TotalSeconds,
        _channel.Reader.Count);

    public async Task<T> RunAsync<T>(Func<CancellationToken, T> job, CancellationToken cancellationToken = default)
    {
        var item = new Job<T>(job, cancellationToken);
        try
        {
            await _channel.Writer.WriteAsync(item, cancellationToken);
        }
        catch (ChannelClosedException)
        {
            throw new DeviceStoppingException(Device);
        }

        return await item.Completion.Task;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _thread = new Thread(Consume) { IsBackground = true, Name = $"saliency-executor-{Device}" };
        _thread.Start();
        _probe = SaliencyMetrics.Devices.Add(new DeviceProbe(Device, SiloRole.Gpu.Label(), () => _channel.Reader.Count, () => _inUse));
        _logger.LogInformation("Device executor started on {Device}", Device);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Starts draining (the silo was asked to stop): later jobs and those still queued are handed back
    /// (<see cref="DeviceStoppingException"/>), the running one goes on. Idempotent; <see cref="StopAsync"/> drains too.
    /// </summary>
    public void Drain()
    {
        if (_channel.Writer.TryComplete())
        {
            _logger.LogInformation("Device executor on {Device} draining: {Queued} queued job(s) handed back, the running one finishes", Device, _channel.Reader.Count);
        }

        while (_channel.Reader.TryRead(out var queued))
        {
            queued.HandBack(Device);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _probe?.Dispose();
        _probe = null;
        Drain();

        // The running job finishes (its shard is stored and returned) unless the host's shutdown timeout ends first
        // (the token is cancelled then): an abrupt stop does not wait.
        return _thread is null || cancellationToken.IsCancellationRequested
            ? Task.CompletedTask
            : WaitForRunningJob(_thread, cancellationToken);
    }

    private static async Task WaitForRunningJob(Thread thread, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Run(thread.Join, CancellationToken.None).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The host's shutdown timeout: the job is given up; its caller sees the silo go away and places it elsewhere.
        }
    }

    public void Dispose()
    {
        _probe?.Dispose();
        _channel.Writer.TryComplete();
    }

    private void Consume()
    {
        var reader = _channel.Reader;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (reader.TryRead(out var job))
            {
                var start = Stopwatch.GetTimestamp();
                _inUse = true;
                var ok = job.Execute();
                _inUse = false;
                Interlocked.Add(ref _busyTicks, Stopwatch.GetElapsedTime(start).Ticks);
                Interlocked.Increment(ref ok ? ref _completed : ref _failed);
            }
        }
    }

    private abstract class Job
    {
        /// <summary>Runs the job on the device thread; false when it threw or was cancelled.</summary>
        public abstract bool Execute();

        /// <summary>Fails the job, not started, with <see cref="DeviceStoppingException"/>.</summary>
        public abstract void HandBack(string device);
    }

    private sealed class Job<T>(Func<CancellationToken, T> work, CancellationToken cancellationToken) : Job
    {
        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override bool Execute()
        {
            if (cancellationToken.IsCancellationRequested)
            {
                Completion.TrySetCanceled(cancellationToken);
                return false;
            }

            try
            {
                Completion.TrySetResult(work(cancellationToken));
                return true;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                Completion.TrySetCanceled(cancellationToken);
                return false;
            }
            catch (Exception e)
            {
                Completion.TrySetException(e);
                return false;
            }
        }

        public override void HandBack(string device) => Completion.TrySetException(new DeviceStoppingException(device));
    }
}
