using Saliency.Contracts;

namespace Saliency.Cli.Commands.Sweep;

/// <summary>
/// Polls a sweep until it finishes, writing a progress line whenever the progress itself changes (samples, shards,
/// state; not the ever-changing rate and ETA), and at least every <see cref="Heartbeat"/>. Transient failures (the silo
/// holding the sweep grain died: the next call re-activates it elsewhere) are retried for up to a minute.
/// </summary>
internal static class SweepWatcher
{
    /// <summary>Longest time without a progress line while the sweep runs.</summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(30);

    public static async Task<SweepStatus> WatchAsync(ISweepGrain sweep, TextWriter output, TimeSpan? poll = null)
    {
        string? last = null;
        var lastWritten = DateTime.MinValue;
        var failingSince = (DateTime?)null;
        while (true)
        {
            SweepStatus status;
            try
            {
                status = await sweep.GetStatus();
                failingSince = null;
            }
            catch (Exception) when ((failingSince ??= DateTime.UtcNow) > DateTime.UtcNow.AddMinutes(-1))
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
                continue;
            }

            var progress = $"{status.SamplesDone}/{status.SamplesTotal}|{status.ShardsDone}|{status.ShardsRunning}|{status.State}";
            if (progress != last || DateTime.UtcNow - lastWritten > Heartbeat)
            {
                output.WriteLine(SweepStatusView.ProgressLine(status));
                (last, lastWritten) = (progress, DateTime.UtcNow);
            }

            if (status.IsFinished)
            {
                return status;
            }

            await Task.Delay(poll ?? TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>Watches until the sweep finishes, then writes the full status view (per-trial rows, silos, failures).</summary>
    public static async Task<SweepStatus> WatchAndReportAsync(ISweepGrain sweep, TextWriter output)
    {
        var status = await WatchAsync(sweep, output);
        SweepStatusView.WriteFull(status, output);
        return status;
    }

    /// <summary>Exit code of a command that followed a sweep to its end: 0 when it completed, 1 otherwise.</summary>
    public static int ExitCode(SweepStatus status) => status.State == SweepState.Completed ? 0 : 1;

    /// <summary>
    /// The end of <c>submit</c> and <c>resume</c>: with <paramref name="watch"/> follow the started sweep to its end
    /// (exit code by its state), else print one progress line (exit code 0).
    /// </summary>
    public static async Task<int> FollowIfAskedAsync(ISweepGrain sweep, SweepStatus started, bool watch, TextWriter output)
    {
        if (watch)
        {
            return ExitCode(await WatchAndReportAsync(sweep, output));
        }

        output.WriteLine(SweepStatusView.ProgressLine(started));
        return 0;
    }
}
