using System.Globalization;
using Saliency.Core;

namespace Saliency.Reporting.Results;

/// <summary>
/// Reads <c>rows.csv</c> (see docs/results-format.md). Columns are found by header name, so their order and extra
/// columns do not matter. Numbers are invariant culture; an empty <c>distance</c>/<c>energy</c> is an undefined score.
/// </summary>
public static class RowsCsv
{
    public const string FileName = "rows.csv";

    private static readonly string[] RequiredColumns =
    [
        "sample", "source_id", "patch_index", "label", "variant", "method", "normalization",
        "distance", "energy", "seconds", "fps", "forward_passes", "backward_passes",
    ];

    /// <exception cref="InputException">Missing file, missing column, wrong field count or an unparsable number (names file, line, field).</exception>
    public static IReadOnlyList<ResultRow> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputException("results file not found", file: path);
        }

        var records = CsvText.Parse(File.ReadAllText(path), path);
        if (records.Count == 0)
        {
            throw new InputException("empty file (expected a header row)", file: path, line: 1);
        }

        var header = records[0].Fields;
        var column = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < header.Length; i++)
        {
            column[header[i].Trim()] = i;
        }

        foreach (var name in RequiredColumns)
        {
            if (!column.ContainsKey(name))
            {
                throw new InputException("missing column in the header", file: path, line: 1, field: name);
            }
        }

        var rows = new List<ResultRow>(records.Count - 1);
        foreach (var (line, fields) in records.Skip(1))
        {
            if (fields.Length != header.Length)
            {
                throw new InputException($"expected {header.Length} fields, found {fields.Length}", file: path, line: line);
            }

            string Text(string name) => fields[column[name]];
            rows.Add(new ResultRow(
                Text("sample"),
                Text("source_id"),
                (int)ParseLong(Text("patch_index"), path, line, "patch_index"),
                Text("label"),
                NonEmpty(Text("variant"), path, line, "variant"),
                Text("method"),
                NonEmpty(Text("normalization"), path, line, "normalization"),
                ParseOptional(Text("distance"), path, line, "distance"),
                ParseOptional(Text("energy"), path, line, "energy"),
                ParseDouble(Text("seconds"), path, line, "seconds"),
                ParseDouble(Text("fps"), path, line, "fps"),
                ParseLong(Text("forward_passes"), path, line, "forward_passes"),
                ParseLong(Text("backward_passes"), path, line, "backward_passes")));
        }

        return rows;
    }

    private static string NonEmpty(string value, string file, int line, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw new InputException("empty value", file, line, field) : value;

    private static double? ParseOptional(string text, string file, int line, string field) =>
        string.IsNullOrWhiteSpace(text) ? null : ParseDouble(text, file, line, field);

    private static double ParseDouble(string text, string file, int line, string field) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && !double.IsNaN(value)
            ? value
            : throw new InputException($"'{text}' is not a number", file, line, field);

    private static long ParseLong(string text, string file, int line, string field) =>
        string.IsNullOrWhiteSpace(text) ? 0
        : long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InputException($"'{text}' is not an integer", file, line, field);
}
