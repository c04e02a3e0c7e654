using System.Diagnostics;
using Saliency.Contracts;

namespace Saliency.Grains.Gpu;

/// <summary>
/// A stand-in evaluator for exercising a cluster without a model or data (evaluator <c>synthetic</c> in the silo's
/// configuration): scores are a fixed function of (variant, sample, normalisation) in [0, 1), and each sample takes
/// <see cref="SecondsPerSample"/> of busy time on the device thread. With <see cref="FailEvery"/> = N &gt; 0, every
/// sample whose index is N-1 modulo N comes back <see cref="SampleOutcome.Failed"/> instead (no scores, no busy time).
/// Used by the process-level tests and the orchestration-overhead benchmark; never by a real study.
/// </summary>
public sealed class SyntheticShardEvaluator(double secondsPerSample = 0.01, int failEvery = 0) : IShardEvaluator
{
    public double SecondsPerSample { get; } = secondsPerSample;

    /// <summary>0: no sample fails; N: samples with index % N == N - 1 fail.</summary>
    public int FailEvery { get; } = failEvery;

    public ShardEvaluation Evaluate(ShardWork work, string device, CancellationToken cancellationToken)
    {
        var results = new List<SampleResult>(work.SampleIndices.Count);
        foreach (var sample in work.SampleIndices)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (FailEvery > 0 && sample % FailEvery == FailEvery - 1)
            {
                results.Add(new SampleResult(sample, work.Trial.VariantId, SampleOutcome.Failed, [], 0, 0, 0, "synthetic failure"));
                continue;
            }

            var clock = Stopwatch.StartNew();
            while (clock.Elapsed.TotalSeconds < SecondsPerSample)
            {
                Thread.SpinWait(1000);
            }

            var scores = work.Normalisations
                .Select(n => new NormalisationScore(n, Score($"d|{work.Trial.VariantId}|{sample}|{n}"), Score($"e|{work.Trial.VariantId}|{sample}|{n}")))
                .ToList();
            results.Add(new SampleResult(sample, work.Trial.VariantId, SampleOutcome.Done, scores, clock.Elapsed.TotalSeconds, 1, 1, null));
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
