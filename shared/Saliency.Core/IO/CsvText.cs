using System.Text;
using Saliency.Core;

namespace Saliency.Core.IO;

/// <summary>
/// Minimal RFC 4180 CSV: comma-separated fields, optional double quotes around a field (needed when it holds a
/// comma, a quote or a line break, e.g. the variant id <c>SmoothGrad(batched=true,n=50)</c>), a doubled quote inside
/// quotes for a literal quote. Lines end with LF or CRLF; a trailing empty line is ignored.
/// </summary>
public static class CsvText
{
    /// <summary>
    /// Reads a CSV file whose first row names its columns: the column index by (trimmed, optionally renamed) name and
    /// the data rows, each checked, as it is enumerated, to have as many fields as the header.
    /// </summary>
    /// <param name="what">What the file is, for the not-found message (<c>results file</c>).</param>
    /// <param name="required">Columns that must be in the header.</param>
    /// <param name="rename">Maps a header name to the name it is read as (an old spelling to the current one).</param>
    /// <exception cref="InputException">Missing file, empty file, a missing column or a row with the wrong field
    /// count (naming the file, line and field).</exception>
    public static (IReadOnlyDictionary<string, int> Columns, IEnumerable<(int Line, string[] Fields)> Rows) ReadTable(
        string path, string what, IEnumerable<string> required, Func<string, string>? rename = null)
    {
        if (!File.Exists(path))
        {
            throw new InputException($"{what} not found", file: path);
        }

        var records = Parse(File.ReadAllText(path), path);
        if (records.Count == 0)
        {
            throw new InputException("empty file (expected a header row)", file: path, line: 1);
        }

        var header = records[0].Fields;
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < header.Length; i++)
        {
            var name = header[i].Trim();
            columns[rename is null ? name : rename(name)] = i;
        }

        foreach (var name in required)
        {
            if (!columns.ContainsKey(name))
            {
                throw new InputException("missing column in the header", file: path, line: 1, field: name);
            }
        }

        return (columns, Checked(records, header.Length, path));
    }

    private static IEnumerable<(int Line, string[] Fields)> Checked(IReadOnlyList<(int Line, string[] Fields)> records, int width, string path)
    {
        foreach (var (line, fields) in records.Skip(1))
        {
            yield return fields.Length == width
                ? (line, fields)
                : throw new InputException($"expected {width} fields, found {fields.Length}", file: path, line: line);
        }
    }

    /// <summary>Splits CSV text into records (the header is the first). Each record keeps its 1-based line number.</summary>
    /// <exception cref="InputException">An unterminated quoted field (names the file and line).</exception>
    public static IReadOnlyList<(int Line, string[] Fields)> Parse(string text, string file)
    {
        var records = new List<(int, string[])>();
        var fields = new List<string>();
        var field = new StringBuilder();
        int line = 1, recordLine = 1, i = 0;
        bool quoted = false, fieldStarted = false;
        while (i < text.Length)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i += 2;
                        continue;
                    }

                    quoted = false;
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    field.Append(c);
                }

                i++;
                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    fieldStarted = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    fieldStarted = true;
                    break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    break;
                case '\n':
                    EndRecord();
                    line++;
                    recordLine = line;
                    break;
                default:
                    field.Append(c);
                    fieldStarted = true;
                    break;
            }

            i++;
        }

        if (quoted)
        {
            throw new InputException("unterminated quoted field", file, recordLine);
        }

        if (fieldStarted || field.Length > 0 || fields.Count > 0)
        {
            EndRecord();
        }

        return records;

        void EndRecord()
        {
            fields.Add(field.ToString());
            field.Clear();
            records.Add((recordLine, fields.ToArray()));
            fields.Clear();
            fieldStarted = false;
        }
    }

    /// <summary>Quotes a field when it holds a comma, quote or line break.</summary>
    public static string Escape(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;

    /// <summary>One CSV line (without the line break) from fields, escaped as needed.</summary>
    public static string Line(IEnumerable<string> fields) => string.Join(",", fields.Select(Escape));
}
