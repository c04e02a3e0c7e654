using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Saliency.Contracts;

namespace Saliency.Cli.Commands.Sweep;

/// <summary>
/// Writes sweep results in the study's Table 3 shape: one row per method variant, one column per normalisation
/// holding the median distance score, then the median fps. CSV has one row per (variant, normalisation) with all
/// statistics; JSON is the full <see cref="SweepResults"/>. Numbers are invariant culture; NaN = no defined score.
/// </summary>
internal static class SweepResultsFormatter
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Table(SweepResults r)
    {
        var width = Math.Max(8, r.Trials.Select(t => t.VariantId.Length).DefaultIfEmpty(8).Max());
        var b = new StringBuilder();
        b.Append("variant".PadRight(width));
        foreach (var n in r.Normalisations)
        {
            b.Append(' ').Append(n.PadLeft(9));
        }

        b.Append(' ').Append("fps p50".PadLeft(9)).Append(' ').Append("done".PadLeft(6)).AppendLine();
        foreach (var t in r.Trials)
        {
            b.Append(t.VariantId.PadRight(width));
            foreach (var n in r.Normalisations)
            {
                var median = t.Normalisations.FirstOrDefault(x => x.Normalisation == n)?.Distance.Median ?? double.NaN;
                b.Append(' ').Append(median.ToString("F4", Inv).PadLeft(9));
            }

            b.Append(' ').Append(t.Fps.P50.ToString("F2", Inv).PadLeft(9)).Append(' ').Append(t.Done.ToString(Inv).PadLeft(6)).AppendLine();
        }

        return b.ToString();
    }

    public static string Csv(SweepResults r)
    {
        var b = new StringBuilder();
        b.AppendLine("variant,trial,normalisation,distance_median,distance_q1,distance_q3,distance_mean,energy_median,energy_q1,energy_q3,energy_mean,fps_p5,fps_p50,fps_p95,fps_p99,done,failed,skipped");
        foreach (var t in r.Trials)
        {
            foreach (var n in t.Normalisations)
            {
                b.AppendLine(string.Join(',',
                    Quote(t.VariantId), t.TrialId, n.Normalisation,
                    F(n.Distance.Median), F(n.Distance.Q1), F(n.Distance.Q3), F(n.Distance.Mean),
                    F(n.Energy.Median), F(n.Energy.Q1), F(n.Energy.Q3), F(n.Energy.Mean),
                    F(t.Fps.P5), F(t.Fps.P50), F(t.Fps.P95), F(t.Fps.P99),
                    t.Done.ToString(Inv), t.Failed.ToString(Inv), t.Skipped.ToString(Inv)));
            }
        }

        return b.ToString();
    }

    public static string JsonText(SweepResults r) => JsonSerializer.Serialize(r, Json);

    private static string F(double v) => double.IsNaN(v) ? string.Empty : v.ToString("R", Inv);

    private static string Quote(string s) => s.Contains(',', StringComparison.Ordinal) ? $"\"{s.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : s;
}
