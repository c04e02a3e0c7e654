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
        var exported = ExportedSeries();
        var expressions = Expressions(file);
        Assert.NotEmpty(expressions);
        foreach (var expr in expressions)
        {
            var metrics = PromQl.Metrics(expr);
            Assert.True(metrics.Count > 0, $"{file}: no metric in {expr}");
            foreach (var metric in metrics)
            {
                Assert.True(exported.ContainsKey(metric), $"{file}: {metric} is not exported by the silo, the DCGM exporter's counters or the scrape (expr: {expr})");
            }

            var allowed = metrics.SelectMany(m => exported[m]).Append("le").ToHashSet();
            foreach (var label in PromQl.Labels(expr))
            {
                Assert.True(allowed.Contains(label), $"{file}: label {label} is not on {string.Join(", ", metrics)} (expr: {expr})");
            }
        }
    }

    [Fact]
    public void Dashboards_cover_progress_latency_scores_silos_and_gpus()
    {
        var all = DashboardFiles().SelectMany(Expressions).ToList();
        string Name(MetricDefinition d) => PrometheusNames.BaseName(d);
        Assert.Contains(all, e => e.Contains(Name(SaliencyMetrics.SweepSamplesDone), StringComparison.Ordinal));
        Assert.Contains(all, e => e.Contains("histogram_quantile", StringComparison.Ordinal)
            && e.Contains(Name(SaliencyMetrics.MapDuration) + "_bucket", StringComparison.Ordinal)
            && e.Contains("by (le, method)", StringComparison.Ordinal));
        Assert.Contains(all, e => e.Contains(Name(SaliencyMetrics.DistanceScore) + "_bucket", StringComparison.Ordinal));
        Assert.All(OrleansMetrics.UsedByDashboards, m => Assert.Contains(all, e => e.Contains(m, StringComparison.Ordinal)));

        // Liveness from the scrape of the silos' job, not from a pushed gauge.
        Assert.Contains(all, e => e.Contains($"up{{job=\"{SiloJob()}\"}}", StringComparison.Ordinal));
        Assert.DoesNotContain(all, e => e.Contains("saliency_silo_up", StringComparison.Ordinal));

        // GPU utilisation, memory and power (DCGM) next to the sweep's progress.
        var sweep = Expressions("sweep-progress.json");
        Assert.All(new[] { "DCGM_FI_DEV_GPU_UTIL", "DCGM_FI_DEV_FB_USED", "DCGM_FI_DEV_POWER_USAGE" },
            m => Assert.Contains(sweep, e => e.Contains(m, StringComparison.Ordinal)));
    }

    [Fact]
    public void Per_device_panels_tell_the_silos_apart()
    {
        // Every GPU silo reports its device as cuda:0: a panel grouping device series must group by instance or pod.
        var deviceMetrics = SaliencyMetrics.Definitions.Where(d => d.Labels.Contains(MetricLabels.Device)).Select(PrometheusNames.BaseName).ToList();
        foreach (var file in DashboardFiles())
        {
            // (Comparisons of methods across device kinds, grouped by method, are not per-GPU panels.)
            foreach (var expr in Expressions(file).Where(e => deviceMetrics.Any(m => e.Contains(m, StringComparison.Ordinal))))
            {
                var labels = PromQl.Labels(expr);
                if (labels.Contains(MetricLabels.Device) && !labels.Contains(MetricLabels.Method))
                {
                    Assert.True(labels.Contains("instance") || labels.Contains("pod"), $"{file}: '{expr}' groups device series without instance or pod");
                }
            }
        }
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
        Assert.Equal("saliency_map_duration_seconds", PrometheusNames.BaseName(SaliencyMetrics.MapDuration));
        Assert.Equal("saliency_samples_processed_total", PrometheusNames.BaseName(SaliencyMetrics.SamplesProcessed));
        Assert.Equal("saliency_device_queue_depth", PrometheusNames.BaseName(SaliencyMetrics.DeviceQueueDepth));
        Assert.Equal("saliency_sweep_samples_planned", PrometheusNames.BaseName(SaliencyMetrics.SweepSamplesPlanned));
        Assert.Equal("x_ratio", PrometheusNames.BaseName(new MetricDefinition("x", "1", MetricKind.Gauge, [], "")));
    }

    [Fact]
    public void Metric_names_follow_prometheus_conventions()
    {
        Assert.All(SaliencyMetrics.Definitions, d =>
        {
            var name = PrometheusNames.BaseName(d);
            if (d.Kind != MetricKind.Counter)
            {
                Assert.False(name.EndsWith("_total", StringComparison.Ordinal), $"{d.Name} is a {d.Kind} named {name}: _total is for counters");
            }

            // Durations in seconds (the base unit), never ms.
            Assert.NotEqual("ms", d.Unit);
            Assert.DoesNotContain("milliseconds", name, StringComparison.Ordinal);
        });
    }

    /// <summary>Every series a dashboard may query, with the labels it carries: the saliency and Orleans metrics
    /// (plus the silo job's target labels), the scrape's own <c>up</c>, and the DCGM exporter's fields (its counters
    /// file in the rendered ConfigMap, plus its labels and the DCGM job's target labels).</summary>
    private static Dictionary<string, IReadOnlyCollection<string>> ExportedSeries()
    {
        var observability = Kustomize.Render("observability");
        var installation = Installation.Get("gpu-pool");
        var prometheus = PrometheusConfig.Load(installation);
        var siloTargets = prometheus.TargetLabels(SiloJob());
        var exported = SaliencyMetrics.Definitions
            .SelectMany(d => PrometheusNames.Series(d).Select(s => (Series: s, Labels: (IReadOnlyCollection<string>)[.. d.Labels, .. siloTargets])))
            .Concat(OrleansMetrics.UsedByDashboards.Select(s => (Series: s, Labels: (IReadOnlyCollection<string>)[.. siloTargets])))
            .Append((Series: "up", Labels: (IReadOnlyCollection<string>)[.. siloTargets]))
            .ToDictionary(x => x.Series, x => x.Labels);
        var counters = Manifests.ConfigMap(observability, "dcgm-exporter-counters").Data["counters.csv"];
        var dcgmJob = prometheus.TargetLabels("dcgm-exporter");
        foreach (var line in counters.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            exported[line.Split(',')[0].Trim()] = [.. DcgmLabels, .. dcgmJob];
        }

        return exported;
    }

    /// <summary>Labels of every DCGM exporter series (with Kubernetes pod mapping on: the pod using the GPU).</summary>
    private static readonly string[] DcgmLabels = ["gpu", "UUID", "device", "modelName", "Hostname", "pod", "namespace", "container"];

    /// <summary>The scrape job whose targets are the silos (from the rendered prometheus.yml).</summary>
    private static string SiloJob()
    {
        var installation = Installation.Get("gpu-pool");
        return PrometheusConfig.Load(installation).PodTargets(installation)
            .First(t => t.Workload.Labels.TryGetValue("app.kubernetes.io/name", out var n) && n == Manifests.SiloAppName).Job;
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
