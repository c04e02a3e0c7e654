using System.Globalization;
using Saliency.Core.IO;

namespace Saliency.Core.Results;

/// <summary>
/// The <c>metrics.csv</c> format (model metrics; the pointing games are in <c>rows.csv</c>): UTF-8, RFC 4180 quoting,
/// header <c>sample,variant,metric,value,score</c>, invariant culture, round-trip numbers, an undefined score as an
/// empty field. Columns are found by header name. A results folder without model metrics has no such file.
/// </summary>
public static class MetricsCsv
{
    public const string FileName = "metrics.csv";

    /// <summary>The columns, in the order they are written.</summary>
    public static IReadOnlyList<string> Columns { get; } = ["sample", "variant", "metric", "value", "score"];

    public static string Header { get; } = string.Join(",", Columns);

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>One line (without the line break).</summary>
    public static string Line(MetricRow row) => CsvText.Line(
        [row.Sample.ToString(Inv), row.Variant, row.Metric, row.Value, double.IsNaN(row.Score) ? string.Empty : row.Score.ToString("R", Inv)]);

    /// <summary>The whole file's text: header and one line per row.</summary>
    public static string Write(IEnumerable<MetricRow> rows) =>
        string.Concat(new[] { Header }.Concat(rows.Select(Line)).Select(l => l + "\n"));

    /// <exception cref="InputException">Missing file or column, wrong field count or an unparsable value (naming the
    /// file, line and field).</exception>
    public static IReadOnlyList<MetricRow> Read(string path)
    {
        var (column, records) = CsvText.ReadTable(path, "metrics file", Columns);
        var rows = new List<MetricRow>();
        foreach (var (line, fields) in records)
        {
            string Text(string name) => fields[column[name]];
            string NonEmpty(string name) => Text(name) is { Length: > 0 } t && !string.IsNullOrWhiteSpace(t)
                ? t : throw new InputException("empty value", path, line, name);
            var sample = int.TryParse(Text("sample"), NumberStyles.Integer, Inv, out var s)
                ? s : throw new InputException($"'{Text("sample")}' is not an integer", path, line, "sample");
            var score = Text("score") is { Length: > 0 } t
                ? double.TryParse(t, NumberStyles.Float, Inv, out var v) && !double.IsNaN(v) ? v : throw new InputException($"'{t}' is not a number", path, line, "score")
                : double.NaN;
            rows.Add(new MetricRow(sample, NonEmpty("variant"), NonEmpty("metric"), NonEmpty("value"), score));
        }

        return rows;
    }
}
