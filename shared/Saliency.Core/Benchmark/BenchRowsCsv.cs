using System.Globalization;
using System.Text;

namespace Saliency.Core.Benchmark;

/// <summary>
/// Reads and writes <c>rows.csv</c>: UTF-8, comma-separated, header first, invariant culture, doubles in round-trip
/// form, NaN as an empty field. Fields that contain a comma or a quote (variant ids such as
/// <c>SmoothGrad(batched=true,n=50)</c>) are quoted, with quotes doubled (RFC 4180).
/// </summary>
public static class BenchRowsCsv
{
    public const string Header = "sample,source_id,patch_index,label,variant,method,normalization,distance,energy,seconds,fps,forward_passes,backward_passes";

    public static string Format(BenchRow row)
    {
        var c = CultureInfo.InvariantCulture;
        return string.Join(",",
            row.Sample.ToString(c), Quote(row.SourceId), row.PatchIndex.ToString(c), row.Label.ToString(c),
            Quote(row.Variant), Quote(row.Method), Quote(row.Normalization), Number(row.Distance), Number(row.Energy),
            Number(row.Seconds), Number(row.Fps), row.ForwardPasses.ToString(c), row.BackwardPasses.ToString(c));
    }

    public static void Write(TextWriter writer, IEnumerable<BenchRow> rows)
    {
        writer.WriteLine(Header);
        foreach (var row in rows)
        {
            writer.WriteLine(Format(row));
        }
    }

    /// <exception cref="InputException">Missing file, wrong header, or a malformed line (file, line and field named).</exception>
    public static IReadOnlyList<BenchRow> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputException("rows file not found", file: path);
        }

        var lines = File.ReadAllLines(path, Encoding.UTF8);
        if (lines.Length == 0 || lines[0].Trim() != Header)
        {
            throw new InputException($"expected the header '{Header}'", file: path, line: 1, field: "header");
        }

        var rows = new List<BenchRow>(lines.Length - 1);
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length > 0)
            {
                rows.Add(Parse(lines[i], path, i + 1));
            }
        }

        return rows;
    }

    public static BenchRow Parse(string line, string file, int lineNumber)
    {
        var f = Split(line);
        if (f.Count != 13)
        {
            throw new InputException($"expected 13 fields, got {f.Count}", file, lineNumber, "row");
        }

        int Int(int i, string name) => int.TryParse(f[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
            ? v : throw new InputException($"'{f[i]}' is not an integer", file, lineNumber, name);
        double Double(int i, string name) => f[i].Length == 0 ? double.NaN
            : double.TryParse(f[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
                ? v : throw new InputException($"'{f[i]}' is not a number", file, lineNumber, name);
        return new BenchRow(Int(0, "sample"), f[1], Int(2, "patch_index"), Int(3, "label"), f[4], f[5], f[6],
            Double(7, "distance"), Double(8, "energy"), Double(9, "seconds"), Double(10, "fps"),
            Int(11, "forward_passes"), Int(12, "backward_passes"));
    }

    private static string Number(double v) => double.IsNaN(v) ? string.Empty : v.ToString("R", CultureInfo.InvariantCulture);

    private static string Quote(string s) =>
        s.IndexOfAny([',', '"', '\n', '\r']) < 0 ? s : "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static List<string> Split(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(ch);
                }
            }
            else if (ch == '"')
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(ch);
            }
        }

        fields.Add(field.ToString());
        return fields;
    }
}
