using Saliency.Contracts;
using Saliency.Grains.Scheduling;
using Saliency.Grains.Storage;

namespace Saliency.Grains;

/// <summary>The <see cref="SweepStatus"/> of a sweep, projected from its manifest and its shards' trackers.</summary>
public static class SweepStatusProjection
{
    /// <param name="running">Silo name of each shard in flight (for the workers' running counts).</param>
    public static SweepStatus Project(
        string sweepId,
        SweepManifest manifest,
        IReadOnlyList<ShardTracker> shards,
        IReadOnlyDictionary<ShardKey, string> running,
        int retries,
        int computedThisRun,
        double elapsedSeconds)
    {
        var trialCount = manifest.Spec.Trials.Count;
        var samplesTotal = manifest.Samples is null ? 0 : manifest.Samples.Count * trialCount;
        int done = 0, failed = 0, skipped = 0;
        foreach (var s in shards)
        {
            if (s.Phase == ShardPhase.Done)
            {
                done += s.SampleCount;
                failed += s.Outcome!.Failed;
                skipped += s.Outcome.Skipped;
            }
            else if (s.Phase == ShardPhase.Failed)
            {
                done += s.SampleCount;
                failed += s.SampleCount;
            }
        }

        var trials = manifest.Spec.Trials.Select(t =>
        {
            var finished = shards.Where(s => s.Trial.TrialId == t.TrialId && s.Phase is ShardPhase.Done or ShardPhase.Failed).ToList();
            return new TrialProgress(t.TrialId, t.VariantId, finished.Count, manifest.ShardsPerTrial, finished.Sum(s => s.SampleCount), manifest.Samples?.Count ?? 0);
        }).ToList();

        var doneBySilo = shards
            .Where(s => s.Phase == ShardPhase.Done && s.Outcome!.Silo.Length > 0)
            .GroupBy(s => s.Outcome!.Silo, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (Count: g.Count(), Device: g.First().Outcome!.Device), StringComparer.Ordinal);
        var runningBySilo = running.Values.GroupBy(s => s, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var workers = doneBySilo.Keys.Union(runningBySilo.Keys, StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(silo => new WorkerUsage(
                silo,
                doneBySilo.TryGetValue(silo, out var d) ? d.Device : string.Empty,
                runningBySilo.GetValueOrDefault(silo),
                doneBySilo.TryGetValue(silo, out var c) ? c.Count : 0))
            .ToList();

        var failures = shards
            .Where(s => s.Phase == ShardPhase.Failed)
            .Select(s => new ShardFailure(s.Key, s.Attempts, s.LastError ?? "unknown"))
            .ToList();

        return new SweepStatus(
            sweepId,
            manifest.Spec.Name,
            manifest.State,
            samplesTotal,
            done,
            failed,
            skipped,
            manifest.ShardsPerTrial * trialCount,
            shards.Count(s => s.Phase == ShardPhase.Done),
            shards.Count(s => s.Phase == ShardPhase.Running),
            retries,
            computedThisRun,
            elapsedSeconds,
            trials,
            workers,
            failures,
            manifest.Message);
    }
}
