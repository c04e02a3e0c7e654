using System.Globalization;
using Saliency.Contracts;

namespace Saliency.Cli.Commands.Sweep;

/// <summary>Text renderings of a sweep's status: a one-line progress bar and a full view with per-trial rows.</summary>
internal static class SweepStatusView
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary><c>[#####-----] 120/420 samples 29% | 3.1/s | ETA 1m37s | shards 12/42, 4 running | Completed</c></summary>
    public static string ProgressLine(SweepStatus s)
    {
        var fraction = s.SamplesTotal == 0 ? 0 : (double)s.SamplesDone / s.SamplesTotal;
        var filled = (int)Math.Round(fraction * 30);
        var rate = s.ElapsedSeconds > 0 ? s.SamplesComputedThisRun / s.ElapsedSeconds : 0;
        var remaining = s.SamplesTotal - s.SamplesDone;
        var eta = rate > 0 && !s.IsFinished ? FormatDuration(remaining / rate) : "-";
        return string.Create(Inv,
            $"[{new string('#', filled)}{new string('-', 30 - filled)}] {s.SamplesDone}/{s.SamplesTotal} samples {fraction:P0} | {rate:F1}/s | ETA {eta} | shards {s.ShardsDone}/{s.ShardsTotal}, {s.ShardsRunning} running | {s.State}");
    }

    public static void WriteFull(SweepStatus s, TextWriter w)
    {
        w.WriteLine($"sweep {s.SweepId} ({s.Name}): {s.State}{(s.Message is null ? string.Empty : " - " + s.Message)}");
        w.WriteLine(ProgressLine(s));
        w.WriteLine(string.Create(Inv, $"failed {s.SamplesFailed}, skipped {s.SamplesSkipped}, retries {s.Retries}, elapsed {FormatDuration(s.ElapsedSeconds)}"));
        w.WriteLine();
        w.WriteLine($"{"trial",-14} {"variant",-40} {"shards",9} {"samples",11}");
        foreach (var t in s.Trials)
        {
            w.WriteLine($"{t.TrialId,-14} {t.VariantId,-40} {t.ShardsDone,4}/{t.ShardsTotal,-4} {t.SamplesDone,5}/{t.SamplesTotal,-5}");
        }

        if (s.Workers.Count > 0)
        {
            w.WriteLine();
            w.WriteLine("silos: " + string.Join(", ", s.Workers.Select(x => $"{x.Silo} ({x.Device}) {x.ShardsDone} shards")));
        }

        foreach (var f in s.FailedShards)
        {
            w.WriteLine($"failed shard {f.Key} after {f.Attempts} attempt(s): {f.Error}");
        }
    }

    public static string FormatDuration(double seconds)
    {
        if (double.IsNaN(seconds) || double.IsInfinity(seconds))
        {
            return "-";
        }

        var t = TimeSpan.FromSeconds(seconds);
        return t.TotalHours >= 1 ? $"{(int)t.TotalHours}h{t.Minutes:D2}m" : t.TotalMinutes >= 1 ? $"{t.Minutes}m{t.Seconds:D2}s" : $"{t.Seconds}s";
    }
}
