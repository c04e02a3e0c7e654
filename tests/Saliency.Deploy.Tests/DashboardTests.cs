using System.Text.Json;
using k8s.Models;
using Saliency.Telemetry;

namespace Saliency.Deploy.Tests;

/// <summary>The Grafana dashboards query only metrics and labels that the silo's code defines, and are provisioned.</summary>
public sealed class DashboardTests
{
    private static readonly string DashboardDir = RepoPaths.Combine("k8s", "observability", "dashboards");

    public static TheoryData<string> Dashboards() => [.. DashboardFiles()];

    private static IReadOnlyList<string> DashboardFiles() =>
        [.. Directory.EnumerateFiles(DashboardDir, "*.json").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void Dashboard_queries_name_only_exported_metrics_and_their_labels(string file)
    {
        var exported = SaliencyMetrics.Definitions
            .SelectMany(d => PrometheusNames.Series(d).Select(s => (Series: s, Labels: d.Labels)))
            .Concat(OrleansMetrics.UsedByDashboards.Select(s => (Series: s, Labels: (IReadOnlyList<string>)[])))
            .ToDictionary(x => x.Series, x => x.Labels);
        var expressions = Expressions(file);
        Assert.NotEmpty(expressions);
        foreach (var expr in expressions)
        {
            var metrics = PromQl.Metrics(expr);
            Assert.True(metrics.Count > 0, $"{file}: no metric in {expr}");
            foreach (var metric in metrics)
            {
                Assert.True(exported.ContainsKey(metric), $"{file}: {metric} is not exported by the silo (expr: {expr})");
            }

            var allowed = metrics.SelectMany(m => exported[m]).Concat(OrleansMetrics.TargetLabels).Append("le").ToHashSet();
            foreach (var label in PromQl.Labels(expr))
            {
                Assert.True(allowed.Contains(label), $"{file}: label {label} is not on {string.Join(", ", metrics)} (expr: {expr})");
            }
        }
    }

    [Fact]
    public void Dashboards_cover_progress_latency_scores_and_silos()
    {
        var all = DashboardFiles().SelectMany(Expressions).ToList();
        string Name(MetricDefinition d) => PrometheusNames.BaseName(d);
        Assert.Contains(all, e => e.Contains(Name(SaliencyMetrics.SweepSamplesDone), StringComparison.Ordinal));
        Assert.Contains(all, e => e.Contains("histogram_quantile", StringComparison.Ordinal)
            && e.Contains(Name(SaliencyMetrics.MapDuration) + "_bucket", StringComparison.Ordinal)
            && e.Contains("by (le, method)", StringComparison.Ordinal));
        Assert.Contains(all, e => e.Contains(Name(SaliencyMetrics.DistanceScore) + "_bucket", StringComparison.Ordinal));
        Assert.Contains(all, e => e.Contains(Name(SaliencyMetrics.SiloUp), StringComparison.Ordinal));
        Assert.All(OrleansMetrics.UsedByDashboards, m => Assert.Contains(all, e => e.Contains(m, StringComparison.Ordinal)));
    }

    [Fact]
    public void Metric_labels_never_carry_ids()
    {
        Assert.All(SaliencyMetrics.Definitions, d =>
        {
            Assert.NotEmpty(d.Labels);
            Assert.All(d.Labels, l => Assert.Contains(l, MetricLabels.All));
            Assert.All(d.Labels, l => Assert.DoesNotContain("id", l.Split('_')));
        });
    }

    [Fact]
    public void Dashboards_are_provisioned_by_a_config_map_labelled_for_the_grafana_sidecar()
    {
        var maps = Kustomize.Render("observability").OfType<V1ConfigMap>()
            .Where(c => c.Metadata.Labels?.TryGetValue("grafana_dashboard", out var v) == true && v == "1")
            .ToList();
        var provisioned = maps.SelectMany(m => m.Data).ToDictionary(kv => kv.Key, kv => kv.Value);
        var files = DashboardFiles();
        Assert.Equal(files.Order(), provisioned.Keys.Order());
        foreach (var file in files)
        {
            Assert.Equal(File.ReadAllText(Path.Combine(DashboardDir, file)), provisioned[file]);
        }

        // Each dashboard has a unique uid (Grafana keys provisioned dashboards by uid).
        var uids = files.Select(f => JsonDocument.Parse(File.ReadAllText(Path.Combine(DashboardDir, f))).RootElement.GetProperty("uid").GetString()).ToList();
        Assert.Equal(uids.Count, uids.Distinct().Count());
    }

    [Fact]
    public void PromQl_reader_finds_metrics_and_labels_of_a_known_expression()
    {
        // Hand-worked case for the reader itself.
        const string expr = "1000 / histogram_quantile(0.95, sum by (le, method) (rate(a_b_bucket{method=~\"$method\", device!=\"x{y}\"}[$__rate_interval]))) + on (device) group_left c_total offset 5m";
        Assert.Equal(new HashSet<string> { "a_b_bucket", "c_total" }, PromQl.Metrics(expr));
        Assert.Equal(new HashSet<string> { "le", "method", "device" }, PromQl.Labels(expr));
    }

    [Fact]
    public void Prometheus_names_follow_the_open_telemetry_rules()
    {
        Assert.Equal("saliency_map_duration_milliseconds", PrometheusNames.BaseName(SaliencyMetrics.MapDuration));
        Assert.Equal("saliency_samples_processed_total", PrometheusNames.BaseName(SaliencyMetrics.SamplesProcessed));
        Assert.Equal("saliency_device_queue_depth", PrometheusNames.BaseName(SaliencyMetrics.DeviceQueueDepth));
        Assert.Equal("x_ratio", PrometheusNames.BaseName(new MetricDefinition("x", "1", MetricKind.Gauge, [], "")));
    }

    private static List<string> Expressions(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(DashboardDir, file)));
        var found = new List<string>();
        Collect(doc.RootElement, found);
        return found;
    }

    private static void Collect(JsonElement element, List<string> found)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name == "expr" && property.Value.ValueKind == JsonValueKind.String)
                    {
                        found.Add(property.Value.GetString()!);
                    }
                    else
                    {
                        Collect(property.Value, found);
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, found);
                }

                break;
        }
    }
}
