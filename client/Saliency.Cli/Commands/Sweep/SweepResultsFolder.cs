using System.Globalization;
using System.Text;
using Saliency.Contracts;
using Saliency.Core.Results;
using Saliency.Sweeps;

namespace Saliency.Cli.Commands.Sweep;

/// <summary>
/// Writes a sweep's results as a results folder (docs/results-format.md) through the one results writer
/// (<see cref="ResultsFolderWriter"/>): <c>rows.csv</c> (one row per done sample, variant and normalisation), the
/// summary tables computed from those rows, <c>table1.json</c> and <c>maps/</c> from the sweep's stored artifacts
/// (Table 1 of its data set; raw maps, patches and masks of its first samples), and <c>run.json</c>, so that
/// <c>saliency report DIR</c> shows every table and figure of a sweep, local or on a cluster.
/// </summary>
internal static class SweepResultsFolder
{
    private const string MapsPrefix = "maps/";

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
                if (shard.WallSeconds > 0)
                {
                    silos.Add(shard.Silo);
                    devices.Add(shard.Device);
                }

                writer.Add(shard.Samples.Where(s => s.Outcome == SampleOutcome.Done).SelectMany(s => s.Scores.Select(score => new ResultRow(
                    s.SampleIndex, s.SourceId ?? string.Empty, s.SourcePatchIndex ?? s.SampleIndex, s.Label ?? string.Empty,
                    trial.VariantId, method, score.Normalisation, score.Distance, score.Energy, s.Seconds, s.ForwardPasses, s.BackwardPasses))));
                writer.AddMetrics(shard.Samples.Where(s => s.Outcome == SampleOutcome.Done).SelectMany(s => (s.Metrics ?? [])
                    .Select(m => new MetricRow(s.SampleIndex, trial.VariantId, m.Metric, m.Value, m.Score))));
            }
        }

        var variantOf = spec.Trials.ToDictionary(t => t.TrialId, t => t.VariantId, StringComparer.Ordinal);
        var references = BatchingReferences.Of(spec);
        foreach (var name in await sweep.ListArtifacts(MapsPrefix))
        {
            var parts = name.Split('/');
            if (parts.Length != 3 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var sample))
            {
                continue;
            }

            var file = parts[2].EndsWith(".npy", StringComparison.Ordinal) && variantOf.TryGetValue(parts[2][..^4], out var variant)
                ? variant + ".npy"
                : parts[2];
            if (await sweep.GetArtifact(name) is { } content)
            {
                writer.AddMapFile(sample, file, content);
            }
        }

        var table1 = await sweep.GetArtifact("table1.json");
        writer.Complete(
            new RunDescription
            {
                Kind = RunDescription.SweepKind,
                Sweep = results.SweepId,
                State = results.State.ToString(),
                Data = spec.DataPath,
                Model = spec.ModelPath,
                Samples = spec.Samples.File ?? $"rule: split {spec.Samples.Split}, min confidence {spec.Samples.MinConfidence?.ToString(CultureInfo.InvariantCulture) ?? "none"}, limit {spec.Samples.Limit.ToString(CultureInfo.InvariantCulture)}",
                SampleCount = writer.Rows.Select(r => r.Sample).Distinct().Count(),
                Variants = [.. results.Trials.Select(t => t.VariantId)],
                Normalisations = results.Normalisations,
                Metrics = spec.Metrics,
                Device = string.Join(", ", devices),
                Machines = [.. silos],
                Notes = BatchingOnlyNotes(spec, writer.Rows),
            },
            table1 is null ? null : Encoding.UTF8.GetString(table1));
        return writer.Rows.Count;
    }

    /// <summary>
    /// For a sweep with timing samples: which variants took their scores from which, on how many samples they were
    /// computed and timed, and the largest score difference between the two on those samples (0 up to float
    /// rounding when the maps are the same, as the catalogue says).
    /// </summary>
    private static IReadOnlyList<string> BatchingOnlyNotes(SweepSpec spec, IReadOnlyList<ResultRow> rows)
    {
        if (spec.TimingSamples <= 0)
        {
            return [];
        }

        var notes = new List<string>();
        var byKey = rows.ToLookup(r => (r.Variant, r.Sample, r.Normalisation));
        var byVariant = rows.ToLookup(r => r.Variant);
        var variantOf = spec.Trials.ToDictionary(t => t.TrialId, t => t.VariantId, StringComparer.Ordinal);
        var references = BatchingReferences.Of(spec);
        foreach (var trial in spec.Trials)
        {
            if (!references.TryGetValue(trial.TrialId, out var referenceTrial) || !byVariant.Contains(trial.VariantId))
            {
                continue;
            }

            var (variant, reference) = (trial.VariantId, variantOf[referenceTrial.TrialId]);
            var samples = byVariant[variant].Select(r => r.Sample).Distinct().Count();
            var timed = byVariant[variant].Where(r => r.Seconds > 0).ToList();
            var timedSamples = timed.Select(r => r.Sample).Distinct().Count();
            var diffs = timed
                .Select(r => byKey[(reference, r.Sample, r.Normalisation)].FirstOrDefault() is { } other ? Math.Abs(other.Distance - r.Distance) : double.NaN)
                .Where(d => !double.IsNaN(d))
                .DefaultIfEmpty(0)
                .Max();
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"{variant}: computed and timed on {timedSamples} of {samples} samples (timing_samples {spec.TimingSamples}); its other {samples - timedSamples} samples take the scores of {reference} (same maps, only batching differs); largest distance-score difference to {reference} on the timed samples: {diffs:G3}"));
        }

        return notes;
    }
}
