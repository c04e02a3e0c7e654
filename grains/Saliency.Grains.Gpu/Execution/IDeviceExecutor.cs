namespace Saliency.Grains.Gpu.Execution;

/// <summary>
/// Runs tensor work for one device off the Orleans scheduler: jobs queue in a bounded channel and one dedicated
/// thread runs them one at a time, so a method's timing is never disturbed by another method on the same device.
/// </summary>
public interface IDeviceExecutor
{
    /// <summary>The device label jobs run on (e.g. <c>cpu</c>, <c>cuda:0</c>).</summary>
    string Device { get; }

    /// <summary>Queues <paramref name="job"/>; a job cancelled before it starts never runs. The job gets the token to check between samples.</summary>
    Task<T> RunAsync<T>(Func<CancellationToken, T> job, CancellationToken cancellationToken = default);

    /// <summary>Counters since start: jobs completed and seconds the device thread spent inside jobs.</summary>
    ExecutorCounters Counters { get; }
}

/// <summary>Executor counters: <see cref="BusySeconds"/> is the wall time spent running jobs (the rest is idle).</summary>
public sealed record ExecutorCounters(long JobsCompleted, long JobsFailed, double BusySeconds, int Queued);
