using System.Diagnostics;
using Saliency.Contracts;
using Saliency.Sweeps;

namespace Saliency.Grains.Gpu;

/// <summary>
/// A stand-in evaluator for exercising a cluster without a model or data (evaluator <c>synthetic</c> in the silo's
/// configuration): scores are a fixed function of (variant, sample, normalisation) in [0, 1), and the shard holds its
/// device for the modelled service time of its samples, waiting on a timer (the thread sleeps, no core is used, so one
/// machine can simulate many GPUs). A sample's service time is <see cref="SecondsPerPass"/> x the trial's cost from the
/// method catalogue (<see cref="TrialCost.PerSample"/>: forward-pass equivalents of the method's passes plus the
/// prediction), or <see cref="SecondsPerSample"/> when no per-pass time is set; either is multiplied by
/// <see cref="TimeScale"/> (real seconds per modelled second). With <see cref="FailEvery"/> = N &gt; 0, every sample
/// whose index is N-1 modulo N comes back <see cref="SampleOutcome.Failed"/> instead (no scores, no time).
/// Used by the process-level tests, the orchestration-overhead benchmark and the pool simulation; never by a real study.
/// </summary>
public sealed class SyntheticShardEvaluator(double secondsPerSample = 0.01, int failEvery = 0, double secondsPerPass = 0, double timeScale = 1)
    : IShardEvaluator
{
    public double SecondsPerSample { get; } = secondsPerSample;

    /// <summary>Modelled seconds of one single-input forward pass (0: every sample takes <see cref="SecondsPerSample"/>).</summary>
    public double SecondsPerPass { get; } = secondsPerPass;

    /// <summary>Real seconds waited per modelled second.</summary>
    public double TimeScale { get; } = timeScale > 0 ? timeScale : throw new ArgumentOutOfRangeException(nameof(timeScale), "must be > 0");

    /// <summary>0: no sample fails; N: samples with index % N == N - 1 fail.</summary>
    public int FailEvery { get; } = failEvery;

    /// <summary>Modelled seconds one sample of <paramref name="trial"/> takes, with the model <paramref name="metrics"/> computed next to its map.</summary>
    public double ModelledSecondsPerSample(TrialSpec trial, IReadOnlyList<string>? metrics = null) =>
        SecondsPerPass > 0 ? SecondsPerPass * TrialCost.PerSample(trial, metrics ?? []) : SecondsPerSample;

    public ShardEvaluation Evaluate(ShardWork work, string device, CancellationToken cancellationToken)
    {
        var perSample = ModelledSecondsPerSample(work.Trial, work.Metrics) * TimeScale;
        var results = new List<SampleResult>(work.SampleIndices.Count);
        var clock = Stopwatch.StartNew();
        var due = TimeSpan.Zero;
        foreach (var sample in work.SampleIndices)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (FailEvery > 0 && sample % FailEvery == FailEvery - 1)
            {
                results.Add(new SampleResult(sample, work.Trial.VariantId, SampleOutcome.Failed, [], 0, 0, 0, "synthetic failure"));
                continue;
            }

            due += TimeSpan.FromSeconds(perSample);
            var scores = work.Normalisations
                .Select(n => new NormalisationScore(n, Score($"d|{work.Trial.VariantId}|{sample}|{n}"), Score($"e|{work.Trial.VariantId}|{sample}|{n}")))
                .ToList();
            results.Add(new SampleResult(sample, work.Trial.VariantId, SampleOutcome.Done, scores, perSample, 1, 1, null));
        }

        // One timer wait for the whole shard (measured from its start, so the time spent making the scores counts):
        // a shard's samples run back to back on a GPU, and one wait keeps the timer's granularity out of each sample.
        // A timer may fire a little early against the stopwatch: wait again for what is left, so a shard never ends
        // before its modelled time.
        for (var left = due - clock.Elapsed; left > TimeSpan.Zero; left = due - clock.Elapsed)
        {
            Task.Delay(left < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : left, cancellationToken).GetAwaiter().GetResult();
        }

        return ShardEvaluation.ScoresOnly(results);
    }

    /// <summary>A stable value in [0, 1) from text (FNV-1a).</summary>
    public static double Score(string text)
    {
        var h = 2166136261u;
        foreach (var c in text)
        {
            h = (h ^ c) * 16777619u;
        }

        return (h % 100_000) / 100_000.0;
    }
}

/// <summary>Synthetic samples: patch indices 0..N-1 with N = the selection's limit (default 16), or the samples file.</summary>
public sealed class SyntheticSampleSource(Saliency.Storage.StoreReferenceResolver? files = null) : ISampleSource
{
    public IReadOnlyList<int> Resolve(string dataPath, string modelPath, SampleSelectionSpec selection, string device) =>
        selection.File is not null
            ? new FileSampleSource(files).Resolve(dataPath, modelPath, selection, device)
            : Enumerable.Range(0, selection.Limit > 0 ? selection.Limit : 16).ToList();
}
