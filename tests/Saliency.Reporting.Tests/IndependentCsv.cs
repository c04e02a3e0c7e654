using System.Globalization;
using System.Text.RegularExpressions;

namespace Saliency.Reporting.Tests;

/// <summary>A CSV reader for the tests, independent of the library's: a regex for quoted/unquoted fields, header by name.</summary>
internal static partial class IndependentCsv
{
    public static List<Dictionary<string, string>> Read(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToList();
        var header = Split(lines[0]);
        return [.. lines.Skip(1).Select(l =>
        {
            var fields = Split(l);
            Assert.Equal(header.Count, fields.Count);
            return header.Zip(fields).ToDictionary(p => p.First, p => p.Second);
        })];
    }

    public static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    private static List<string> Split(string line) =>
        [.. Field().Matches(line).Select(m => m.Groups[1].Value is var v && v.StartsWith('"') ? v[1..^1].Replace("\"\"", "\"") : m.Groups[1].Value)];

    [GeneratedRegex("(?:^|,)(\"(?:[^\"]|\"\")*\"|[^,]*)")]
    private static partial Regex Field();
}
