using System.Globalization;
using System.Text;
using System.Text.Json;
using Saliency.Contracts;
using Saliency.Reporting.Results;

namespace Saliency.Cli.Commands.Sweep;

/// <summary>
/// Writes a sweep's per-sample results in the results-folder layout of <c>saliency bench</c> (docs/results-format.md):
/// <c>rows.csv</c> (one row per done sample, variant and normalisation; undefined scores empty), <c>run.json</c>
/// (sweep id, data, model, variants, normalisations), and <c>table3.csv</c> / <c>fps.csv</c> from the aggregates,
/// so <c>saliency report DIR</c> works on sweep results.
/// </summary>
internal static class SweepResultsFolder
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task<int> WriteAsync(ISweepGrain sweep, SweepResults results, string directory)
    {
        Directory.CreateDirectory(directory);
        var rows = new StringBuilder();
        rows.AppendLine("sample,source_id,patch_index,label,variant,method,normalization,distance,energy,seconds,fps,forward_passes,backward_passes");
        var count = 0;
        foreach (var trial in results.Trials)
        {
            var method = trial.VariantId.Split('(')[0];
            foreach (var shard in await sweep.GetShardResults(trial.TrialId))
            {
                foreach (var s in shard.Samples.Where(x => x.Outcome == SampleOutcome.Done))
                {
                    foreach (var score in s.Scores)
                    {
                        rows.AppendLine(CsvText.Line(
                        [
                            s.SampleIndex.ToString(Inv), s.SourceId ?? string.Empty, (s.SourcePatchIndex ?? s.SampleIndex).ToString(Inv), s.Label ?? string.Empty,
                            trial.VariantId, method, score.Normalisation, F(score.Distance), F(score.Energy),
                            s.Seconds.ToString("R", Inv), (s.Seconds > 0 ? 1.0 / s.Seconds : 0).ToString("R", Inv),
                            s.ForwardPasses.ToString(Inv), s.BackwardPasses.ToString(Inv),
                        ]));
                        count++;
                    }
                }
            }
        }

        await File.WriteAllTextAsync(Path.Combine(directory, RowsCsv.FileName), rows.ToString());
        await File.WriteAllTextAsync(Path.Combine(directory, "table3.csv"), Table3Csv(results));
        await File.WriteAllTextAsync(Path.Combine(directory, "fps.csv"), FpsCsv(results));
        await File.WriteAllTextAsync(Path.Combine(directory, "run.json"), JsonSerializer.Serialize(new
        {
            sweep = results.SweepId,
            state = results.State.ToString(),
            variants = results.Trials.Select(t => t.VariantId),
            normalizations = results.Normalisations,
        }, new JsonSerializerOptions { WriteIndented = true }));
        return count;
    }

    private static string Table3Csv(SweepResults r)
    {
        var b = new StringBuilder();
        b.AppendLine(CsvText.Line(["variant", .. r.Normalisations]));
        foreach (var t in r.Trials)
        {
            b.AppendLine(CsvText.Line([t.VariantId, .. r.Normalisations.Select(n => F(t.Normalisations.FirstOrDefault(x => x.Normalisation == n)?.Distance.Median ?? double.NaN))]));
        }

        return b.ToString();
    }

    private static string FpsCsv(SweepResults r)
    {
        var b = new StringBuilder();
        b.AppendLine("variant,method,samples,fps_p5,fps_p50,fps_p95,fps_p99,seconds_median");
        foreach (var t in r.Trials)
        {
            b.AppendLine(CsvText.Line(
            [
                t.VariantId, t.VariantId.Split('(')[0], t.Fps.Count.ToString(Inv),
                F(t.Fps.P5), F(t.Fps.P50), F(t.Fps.P95), F(t.Fps.P99), F(t.Fps.P50 > 0 ? 1.0 / t.Fps.P50 : double.NaN),
            ]));
        }

        return b.ToString();
    }

    private static string F(double v) => double.IsNaN(v) ? string.Empty : v.ToString("R", Inv);
}
