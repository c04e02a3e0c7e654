using Saliency.Contracts;

namespace Saliency.Cli.Commands.Sweep;

/// <summary>
/// Polls a sweep until it finishes, writing a progress line whenever it changes. Transient failures (the silo
/// holding the sweep grain died: the next call re-activates it elsewhere) are retried for up to a minute.
/// </summary>
internal static class SweepWatcher
{
    public static async Task<SweepStatus> WatchAsync(ISweepGrain sweep, TextWriter output, TimeSpan? poll = null)
    {
        string? last = null;
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

            var line = SweepStatusView.ProgressLine(status);
            if (line != last)
            {
                output.WriteLine(line);
                last = line;
            }

            if (status.IsFinished)
            {
                return status;
            }

            await Task.Delay(poll ?? TimeSpan.FromSeconds(1));
        }
    }
}
