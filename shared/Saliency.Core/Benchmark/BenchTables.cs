using System.Globalization;
using System.Text;
using Saliency.Core.Stats;

namespace Saliency.Core.Benchmark;

/// <summary>
/// Summaries of benchmark rows. Table 3: the median distance pointing-game score per variant (rows, first-seen
/// order) x normalisation (columns, first-seen order), over the samples whose score is defined (NaN when none is).
/// Speed: per variant, percentiles of the per-map fps and the median seconds, one value per (sample, variant).
/// Percentiles use numpy's linear rule (<see cref="Descriptive"/>).
/// </summary>
public static class BenchTables
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public sealed record Table3(IReadOnlyList<string> Variants, IReadOnlyList<string> Normalizations, double[,] Median, int[,] Count);

    public sealed record SpeedRow(string Variant, string Method, int Samples, double FpsP5, double FpsP50, double FpsP95, double FpsP99, double SecondsMedian);

    public static Table3 MedianDistance(IReadOnlyList<BenchRow> rows)
    {
        var variants = rows.Select(r => r.Variant).Distinct().ToList();
        var normalizations = rows.Select(r => r.Normalization).Distinct().ToList();
        var median = new double[variants.Count, normalizations.Count];
        var count = new int[variants.Count, normalizations.Count];
        var groups = rows.Where(r => !double.IsNaN(r.Distance))
            .GroupBy(r => (r.Variant, r.Normalization))
            .ToDictionary(g => g.Key, g => g.Select(r => r.Distance).ToArray());
        for (int v = 0; v < variants.Count; v++)
        {
            for (int n = 0; n < normalizations.Count; n++)
            {
                var values = groups.GetValueOrDefault((variants[v], normalizations[n]), []);
                count[v, n] = values.Length;
                median[v, n] = values.Length == 0 ? double.NaN : Descriptive.Median(values);
            }
        }

        return new Table3(variants, normalizations, median, count);
    }

    public static IReadOnlyList<SpeedRow> Speed(IReadOnlyList<BenchRow> rows) =>
        rows.GroupBy(r => r.Variant)
            .Select(g =>
            {
                var perMap = g.GroupBy(r => r.Sample).Select(s => s.First()).ToList();
                var fps = perMap.Select(r => r.Fps).ToArray();
                var p = Descriptive.Percentiles(fps, [5, 50, 95, 99]);
                var seconds = Descriptive.Median(perMap.Select(r => r.Seconds).ToArray());
                return new SpeedRow(g.Key, g.First().Method, perMap.Count, p[0], p[1], p[2], p[3], seconds);
            })
            .ToList();

    public static string Table3Csv(Table3 t)
    {
        var text = new StringBuilder("variant," + string.Join(",", t.Normalizations) + "\n");
        for (int v = 0; v < t.Variants.Count; v++)
        {
            text.Append(Quote(t.Variants[v]));
            for (int n = 0; n < t.Normalizations.Count; n++)
            {
                text.Append(',').Append(double.IsNaN(t.Median[v, n]) ? string.Empty : t.Median[v, n].ToString("R", Invariant));
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    public static string Table3Markdown(Table3 t)
    {
        var text = new StringBuilder("| variant | " + string.Join(" | ", t.Normalizations) + " |\n|---|"
            + string.Concat(t.Normalizations.Select(_ => "---:|")) + "\n");
        for (int v = 0; v < t.Variants.Count; v++)
        {
            text.Append("| ").Append(t.Variants[v]).Append(" |");
            for (int n = 0; n < t.Normalizations.Count; n++)
            {
                text.Append(' ').Append(double.IsNaN(t.Median[v, n]) ? "-" : t.Median[v, n].ToString("F3", Invariant)).Append(" |");
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    public static string SpeedCsv(IEnumerable<SpeedRow> rows)
    {
        var text = new StringBuilder("variant,method,samples,fps_p5,fps_p50,fps_p95,fps_p99,seconds_median\n");
        foreach (var r in rows)
        {
            text.Append(Invariant, $"{Quote(r.Variant)},{Quote(r.Method)},{r.Samples},{r.FpsP5:R},{r.FpsP50:R},{r.FpsP95:R},{r.FpsP99:R},{r.SecondsMedian:R}\n");
        }

        return text.ToString();
    }

    private static string Quote(string s) => s.Contains(',', StringComparison.Ordinal) ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
}
