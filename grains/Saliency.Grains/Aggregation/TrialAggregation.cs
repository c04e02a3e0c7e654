using Saliency.Contracts;
using Saliency.Core.Results;
using Saliency.Core.Stats;

namespace Saliency.Grains.Aggregation;

/// <summary>
/// Computes a <see cref="TrialAggregate"/> from a trial's shard results, exactly (all values kept, sorted once) with
/// <see cref="Saliency.Core.Stats"/> (numpy's linear percentile rule), the statistics <c>saliency bench</c> uses.
/// Conventions: scores that are NaN (undefined: empty mask, all-zero map) are left out of the score summaries but
/// the sample still counts as done; fps = 1 / seconds of each done sample with seconds &gt; 0; shards with the
/// same index count once (the last one given wins, they are equal by construction).
/// </summary>
public static class TrialAggregation
{
    public static TrialAggregate Compute(TrialSpec trial, IReadOnlyList<string> normalisations, IEnumerable<ShardResult> shards)
    {
        var unique = new Dictionary<int, ShardResult>();
        foreach (var s in shards)
        {
            if (s.Key.TrialId == trial.TrialId)
            {
                unique[s.Key.Index] = s;
            }
        }

        var samples = unique.OrderBy(kv => kv.Key).SelectMany(kv => kv.Value.Samples).ToList();
        var done = samples.Where(s => s.Outcome == SampleOutcome.Done).ToList();

        var perNormalisation = normalisations.Select(n =>
        {
            var scores = done.Select(s => s.Scores.FirstOrDefault(x => x.Normalisation == n)).Where(x => x is not null).ToList();
            return new NormalisationAggregate(
                n,
                Summarise(scores.Select(x => x!.Distance)),
                Summarise(scores.Select(x => x!.Energy)));
        }).ToList();

        var fps = done.Where(s => s.Seconds > 0).Select(s => 1.0 / s.Seconds).ToArray();
        var fpsPercentiles = fps.Length == 0 ? [double.NaN, double.NaN, double.NaN, double.NaN] : Descriptive.Percentiles(fps, [5, 50, 95, 99]);
        var reasons = samples
            .Where(s => s.Outcome != SampleOutcome.Done)
            .GroupBy(s => (s.Outcome, Reason: s.Reason ?? "unknown"))
            .Select(g => new ReasonCount(g.Key.Outcome, g.Key.Reason, g.Count()))
            .OrderBy(r => r.Outcome).ThenBy(r => r.Reason, StringComparer.Ordinal)
            .ToList();

        return new TrialAggregate(
            trial.TrialId,
            trial.VariantId,
            perNormalisation,
            new FpsSummary(fps.Length, fpsPercentiles[0], fpsPercentiles[1], fpsPercentiles[2], fpsPercentiles[3]),
            done.Count,
            samples.Count(s => s.Outcome == SampleOutcome.Failed),
            samples.Count(s => s.Outcome == SampleOutcome.Skipped),
            reasons,
            unique.Count,
            [.. MetricMedians.FromRows(done.SelectMany(s => (s.Metrics ?? []).Select(m => new MetricRow(s.SampleIndex, s.VariantId, m.Metric, m.Value, m.Score))))
                .Select(m => new MetricAggregate(m.Metric, m.Value, m.Count, m.Median))]);
    }

    private static ScoreSummary Summarise(IEnumerable<double> values)
    {
        var s = Summary.Of(values.Where(v => !double.IsNaN(v)).ToArray());
        return new ScoreSummary(s.Count, s.Mean, s.Q1, s.Median, s.Q3);
    }
}
