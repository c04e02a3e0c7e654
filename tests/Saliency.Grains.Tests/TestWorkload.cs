using System.Collections.Concurrent;
using Saliency.Contracts;

namespace Saliency.Grains.Tests;

/// <summary>
/// A deterministic stand-in for the tensor work, shared by every silo of one test cluster: scores are a fixed
/// function of (variant, sample, normalisation), so a test can compute the expected aggregates independently,
/// and every evaluation is logged with the silo it ran on.
/// </summary>
public sealed class TestWorkload
{
    /// <summary>Patch indices the sample source returns (before a selection limit).</summary>
    public IReadOnlyList<int> Samples { get; set; } = Enumerable.Range(100, 10).ToArray();

    /// <summary>Sample that is skipped (reason "empty mask"); -1 = none.</summary>
    public int SkippedSample { get; set; } = -1;

    /// <summary>Sleep per sample on the device thread, to keep work in flight.</summary>
    public TimeSpan DelayPerSample { get; set; } = TimeSpan.Zero;

    /// <summary>Per-silo sleep per sample (silo name -> delay), instead of <see cref="DelayPerSample"/> when set.</summary>
    public Func<string, TimeSpan>? DelayOnSilo { get; set; }

    /// <summary>When it returns true for a (work, silo) the evaluation throws.</summary>
    public Func<ShardWork, string, bool>? FailWhen { get; set; }

    public ConcurrentQueue<Evaluation> Evaluations { get; } = new();

    /// <summary>Evaluations that ran to the end (not thrown, not cancelled).</summary>
    public ConcurrentQueue<Evaluation> Completed { get; } = new();

    public static double Distance(string variant, int sample, string normalisation) => Unit($"d|{variant}|{sample}|{normalisation}");

    public static double Energy(string variant, int sample, string normalisation) => Unit($"e|{variant}|{sample}|{normalisation}");

    /// <summary>Seconds per map: 1 / (10 + sample) so fps = 10 + sample.</summary>
    public static double Seconds(int sample) => 1.0 / (10 + sample);

    /// <summary>A stable value in [0, 1) from text (FNV-1a).</summary>
    public static double Unit(string text)
    {
        var h = 2166136261u;
        foreach (var c in text)
        {
            h = (h ^ c) * 16777619u;
        }

        return (h % 100_000) / 100_000.0;
    }

    public sealed record Evaluation(string Silo, ShardKey Key, int Attempt);
}
