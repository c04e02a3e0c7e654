using Saliency.Contracts;
using Saliency.Core.Results;

namespace Saliency.Cli.Commands.Sweep;

/// <summary>
/// Writes a sweep's per-sample results as a results folder (docs/results-format.md) through the one results writer
/// (<see cref="ResultsFolderWriter"/>): <c>rows.csv</c> (one row per done sample, variant and normalisation), the
/// summary tables computed from those rows, and <c>run.json</c>, so <c>saliency report DIR</c> works on sweep results.
/// </summary>
internal static class SweepResultsFolder
{
    public static async Task<int> WriteAsync(ISweepGrain sweep, SweepResults results, string directory)
    {
        var spec = await sweep.GetSpec();
        using var writer = new ResultsFolderWriter(directory);
        var silos = new SortedSet<string>(StringComparer.Ordinal);
        var devices = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var trial in results.Trials)
        {
            var method = spec.Trials.First(t => t.TrialId == trial.TrialId).Method;
            foreach (var shard in await sweep.GetShardResults(trial.TrialId))
            {
                silos.Add(shard.Silo);
                devices.Add(shard.Device);
                writer.Add(shard.Samples.Where(s => s.Outcome == SampleOutcome.Done).SelectMany(s => s.Scores.Select(score => new ResultRow(
                    s.SampleIndex, s.SourceId ?? string.Empty, s.SourcePatchIndex ?? s.SampleIndex, s.Label ?? string.Empty,
                    trial.VariantId, method, score.Normalisation, score.Distance, score.Energy, s.Seconds, s.ForwardPasses, s.BackwardPasses))));
            }
        }

        writer.Complete(new RunDescription
        {
            Kind = RunDescription.SweepKind,
            Sweep = results.SweepId,
            State = results.State.ToString(),
            Data = spec.DataPath,
            Model = spec.ModelPath,
            Samples = spec.Samples.File ?? $"rule: split {spec.Samples.Split}, min confidence {spec.Samples.MinConfidence?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}",
            SampleCount = writer.Rows.Select(r => r.Sample).Distinct().Count(),
            Variants = [.. results.Trials.Select(t => t.VariantId)],
            Normalisations = results.Normalisations,
            Metrics = spec.Metrics,
            Device = string.Join(", ", devices),
            Machines = [.. silos],
        });
        return writer.Rows.Count;
    }
}
