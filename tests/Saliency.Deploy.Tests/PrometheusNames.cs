using System.Text.RegularExpressions;
using Saliency.Telemetry;

namespace Saliency.Deploy.Tests;

/// <summary>
/// The Prometheus series an OpenTelemetry instrument becomes, by the OpenTelemetry-to-Prometheus naming rules
/// (written here from the specification, independently of the exporter): characters outside [a-zA-Z0-9_:] become
/// <c>_</c>; the unit is appended as a word (ms -> milliseconds, s -> seconds, By -> bytes; <c>{...}</c> annotations
/// add nothing; unit 1 on a gauge adds <c>_ratio</c>); counters end in <c>_total</c>; histograms give
/// <c>_bucket</c>, <c>_sum</c> and <c>_count</c>. The Prometheus integration test checks these against a real scrape.
/// </summary>
internal static partial class PrometheusNames
{
    private static readonly Dictionary<string, string> UnitWords = new()
    {
        ["ms"] = "milliseconds",
        ["s"] = "seconds",
        ["By"] = "bytes",
        ["%"] = "percent",
    };

    public static string BaseName(MetricDefinition metric)
    {
        var name = Invalid().Replace(metric.Name, "_");
        var unit = metric.Unit switch
        {
            null or "" => null,
            var u when u.StartsWith('{') => null,
            "1" when metric.Kind == MetricKind.Gauge => "ratio",
            "1" => null,
            var u => UnitWords.TryGetValue(u, out var word) ? word : Invalid().Replace(u, "_"),
        };
        if (unit is not null && !name.EndsWith("_" + unit, StringComparison.Ordinal))
        {
            name += "_" + unit;
        }

        return metric.Kind == MetricKind.Counter ? name + "_total" : name;
    }

    public static IReadOnlyList<string> Series(MetricDefinition metric)
    {
        var name = BaseName(metric);
        return metric.Kind == MetricKind.Histogram ? [name + "_bucket", name + "_sum", name + "_count"] : [name];
    }

    [GeneratedRegex("[^a-zA-Z0-9_:]")]
    private static partial Regex Invalid();
}
