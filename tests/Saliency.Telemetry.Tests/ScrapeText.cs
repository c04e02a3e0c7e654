using System.Globalization;
using System.Text.RegularExpressions;

namespace Saliency.Telemetry.Tests;

/// <summary>One sample line of the Prometheus text exposition format: name, labels, value.</summary>
internal sealed record ScrapeSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>Reads the Prometheus text format (comments skipped; label values unescaped for \" and \\).</summary>
internal static partial class ScrapeText
{
    public static IReadOnlyList<ScrapeSample> Parse(string text) =>
    [
        .. text.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(ParseLine),
    ];

    private static ScrapeSample ParseLine(string line)
    {
        var m = SampleLine().Match(line);
        if (!m.Success)
        {
            throw new FormatException($"not a sample line: {line}");
        }

        var labels = LabelPair().Matches(m.Groups["labels"].Value)
            .ToDictionary(p => p.Groups[1].Value, p => p.Groups[2].Value.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal));
        var raw = m.Groups["value"].Value;
        var value = raw switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            _ => double.Parse(raw, CultureInfo.InvariantCulture),
        };
        return new ScrapeSample(m.Groups["name"].Value, labels, value);
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)(\s+\S+)?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex LabelPair();
}
