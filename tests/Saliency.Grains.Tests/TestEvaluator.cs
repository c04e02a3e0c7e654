using Orleans.Runtime;
using Saliency.Contracts;
using Saliency.Grains.Gpu;

namespace Saliency.Grains.Tests;

/// <summary><see cref="IShardEvaluator"/> over <see cref="TestWorkload"/>.</summary>
public sealed class TestEvaluator(TestWorkload workload, ILocalSiloDetails silo) : IShardEvaluator
{
    public ShardEvaluation Evaluate(ShardWork work, string device, CancellationToken cancellationToken)
    {
        workload.Evaluations.Enqueue(new TestWorkload.Evaluation(silo.Name, work.Key, work.Attempt));
        if (workload.FailWhen?.Invoke(work, silo.Name) == true)
        {
            throw new InvalidOperationException($"injected failure of {work.Key} on {silo.Name}");
        }

        var delay = workload.DelayOnSilo?.Invoke(silo.Name) ?? workload.DelayPerSample;
        var results = new List<SampleResult>();
        foreach (var sample in work.SampleIndices)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (delay > TimeSpan.Zero)
            {
                Thread.Sleep(delay);
            }

            var variant = work.Trial.VariantId;
            results.Add(sample == workload.SkippedSample
                ? new SampleResult(sample, variant, SampleOutcome.Skipped, [], 0, 0, 0, "empty mask")
                : new SampleResult(
                    sample,
                    variant,
                    SampleOutcome.Done,
                    work.Normalisations.Select(n => new NormalisationScore(n, TestWorkload.Distance(variant, sample, n), TestWorkload.Energy(variant, sample, n))).ToList(),
                    TestWorkload.Seconds(sample),
                    1,
                    1,
                    null));
        }

        workload.Completed.Enqueue(new TestWorkload.Evaluation(silo.Name, work.Key, work.Attempt));
        return ShardEvaluation.ScoresOnly(results);
    }
}

/// <summary><see cref="ISampleSource"/> returning <see cref="TestWorkload.Samples"/>, cut to the selection's limit.</summary>
public sealed class TestSampleSource(TestWorkload workload) : ISampleSource
{
    public IReadOnlyList<int> Resolve(string dataPath, string modelPath, SampleSelectionSpec selection, string device) =>
        selection.Limit > 0 ? workload.Samples.Take(selection.Limit).ToArray() : workload.Samples;
}
