using System.Globalization;
using Saliency.Core.IO;

namespace Saliency.Core.Results;

/// <summary>
/// The <c>rows.csv</c> format: UTF-8, RFC 4180 quoting, header first, invariant culture, numbers in round-trip form,
/// an undefined score as an empty field. Columns are found by header name, so their order and extra columns do not
/// matter to the reader; <c>fps</c> is written for readers of the file and recomputed from <c>seconds</c> on reading.
/// An empty <c>seconds</c> is a map that was not timed (a batching-only variant's copied scores, docs/cluster.md).
/// Files written before the spelling was unified have a <c>normalisation</c> column, which is read the same.
/// </summary>
public static class RowsCsv
{
    public const string FileName = "rows.csv";

    /// <summary>The columns, in the order they are written.</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "sample", "source_id", "patch_index", "label", "variant", "method", "normalisation",
        "distance", "energy", "seconds", "fps", "forward_passes", "backward_passes",
    ];

    public static string Header { get; } = string.Join(",", Columns);

    private static readonly string[] Required =
        ["sample", "variant", "method", "normalisation", "distance", "energy", "seconds"];

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>One line (without the line break).</summary>
    public static string Line(ResultRow row) => CsvText.Line(
    [
        row.Sample.ToString(Inv), row.SourceId, row.PatchIndex.ToString(Inv), row.Label, row.Variant, row.Method,
        row.Normalisation, Number(row.Distance), Number(row.Energy), Number(row.Seconds), Number(row.Fps),
        row.ForwardPasses.ToString(Inv), row.BackwardPasses.ToString(Inv),
    ]);

    /// <exception cref="InputException">Missing file, missing column, wrong field count or an unparsable value
    /// (naming the file, line and field).</exception>
    public static IReadOnlyList<ResultRow> Read(string path)
    {
        var (column, records) = CsvText.ReadTable(path, "results file", Required, name => name == "normalization" ? "normalisation" : name);
        var rows = new List<ResultRow>();
        foreach (var (line, fields) in records)
        {
            string Text(string name) => column.TryGetValue(name, out var i) ? fields[i] : string.Empty;
            int Int(string name) => Text(name) is { Length: > 0 } t
                ? int.TryParse(t, NumberStyles.Integer, Inv, out var v) ? v : throw new InputException($"'{t}' is not an integer", path, line, name)
                : 0;
            double Real(string name, bool optional) => Text(name) is { Length: > 0 } t
                ? double.TryParse(t, NumberStyles.Float, Inv, out var v) && !double.IsNaN(v) ? v : throw new InputException($"'{t}' is not a number", path, line, name)
                : optional ? double.NaN : throw new InputException("empty value", path, line, name);
            string NonEmpty(string name) => Text(name) is { Length: > 0 } t && !string.IsNullOrWhiteSpace(t)
                ? t : throw new InputException("empty value", path, line, name);

            rows.Add(new ResultRow(
                Int("sample"), Text("source_id"), Int("patch_index"), Text("label"), NonEmpty("variant"), Text("method"),
                NonEmpty("normalisation"), Real("distance", optional: true), Real("energy", optional: true),
                Real("seconds", optional: true), Int("forward_passes"), Int("backward_passes")));
        }

        return rows;
    }

    private static string Number(double v) => double.IsNaN(v) ? string.Empty : v.ToString("R", Inv);
}
