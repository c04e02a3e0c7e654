using System.Text.Json;

namespace Saliency.Telemetry.Tests;

/// <summary>The Grafana dashboards in k8s/observability/dashboards: the PromQL of every panel target.</summary>
internal static class DashboardFiles
{
    public static IReadOnlyList<string> Expressions(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(file));
        return [.. doc.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray())
            .Select(t => t.GetProperty("expr").GetString()!)];
    }
}
