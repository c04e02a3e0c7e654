using System.Net;
using Saliency.Deploy.Tests;

namespace Saliency.Telemetry.Tests;

/// <summary>
/// Telemetry of a real silo process that ran a sweep submitted by the CLI (<see cref="SiloSweepFixture"/>): what a
/// real Prometheus stored from scraping it, what its <c>/metrics</c> exported, and its health endpoints.
/// </summary>
public sealed class SiloSweepTelemetryTests(SiloSweepFixture run) : IClassFixture<SiloSweepFixture>
{
    private static readonly TimeSpan ScrapeWait = TimeSpan.FromSeconds(30);

    /// <summary>Labels Prometheus adds to every scraped series: job, instance and the target_label of each relabel rule in k8s/observability/prometheus.yml.</summary>
    private static readonly string[] ScrapeTargetLabels =
    [
        "job", "instance",
        .. System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(Path.Combine(RepoPaths.Root, "k8s", "observability", "prometheus.yml")), @"target_label:\s*(\w+)")
            .Select(m => m.Groups[1].Value),
    ];

    [Fact]
    public async Task Prometheus_scraping_the_silo_stores_map_latency_per_method_with_device_and_role_labels()
    {
        // Counts recorded from the sweep's own samples: the computed ones per method (failed ones are not timed).
        var expected = SiloSweepFixture.ComputedPerMethod;
        var counts = await run.Prometheus.QueryUntilAsync(
            "saliency_map_duration_seconds_count",
            r => r.Count == SiloSweepFixture.Methods.Length && r.All(x => x.Value == expected),
            ScrapeWait);
        Assert.Equal(SiloSweepFixture.Methods.Order(), counts.Select(r => r.Labels["method"]).Order());
        Assert.All(counts, r =>
        {
            Assert.Equal(expected, r.Value);
            Assert.Equal("cpu", r.Labels["device"]);
            Assert.Equal("gpu", r.Labels["silo_role"]);
            Assert.Equal(PrometheusProcess.Job, r.Labels["job"]);
            Assert.Equal(run.Silo.TelemetryEndpoint.Authority, r.Labels["instance"]);
        });

        // Each computed sample takes SecondsPerSample (waited, and recorded as its time): nothing at or under 50 ms, the mean
        // 100 ms up to the rounding of the sum.
        var buckets = await run.Prometheus.QueryAsync("saliency_map_duration_seconds_bucket");
        var bounds = SaliencyMetrics.MapDurationBucketsSeconds.Append(double.PositiveInfinity).ToList();
        Assert.Equal(SiloSweepFixture.Methods.Length * bounds.Count, buckets.Count);
        Assert.All(buckets, r =>
        {
            var le = r.Labels["le"] == "+Inf" ? double.PositiveInfinity : double.Parse(r.Labels["le"], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Contains(le, bounds);
            Assert.Equal(le <= 0.05 ? 0 : le == double.PositiveInfinity ? expected : r.Value, r.Value);
        });
        var mean = await run.Prometheus.QueryAsync("saliency_map_duration_seconds_sum / saliency_map_duration_seconds_count");
        Assert.All(mean, r => Assert.True(r.Value >= SiloSweepFixture.SecondsPerSample * (1 - 1e-9), $"mean map time {r.Value} s"));

        // The dashboards' median query works on what Prometheus stored.
        var p50 = await run.Prometheus.QueryAsync("histogram_quantile(0.5, sum by (le, method) (saliency_map_duration_seconds_bucket))");
        Assert.Equal(SiloSweepFixture.Methods.Length, p50.Count);
        Assert.All(p50, r => Assert.True(r.Value > 0.05, $"median {r.Value} s"));
    }

    [Fact]
    public async Task Prometheus_counts_processed_and_failed_samples_and_scores_per_normalisation()
    {
        var processed = await run.Prometheus.QueryUntilAsync(
            "saliency_samples_processed_total",
            r => r.Count == SiloSweepFixture.Methods.Length && r.All(x => x.Value == SiloSweepFixture.ComputedPerMethod),
            ScrapeWait);
        Assert.All(processed, r => Assert.Equal(SiloSweepFixture.ComputedPerMethod, r.Value));
        Assert.Equal(SiloSweepFixture.Methods.Length, processed.Count);

        var failed = await run.Prometheus.QueryUntilAsync(
            "saliency_samples_failed_total",
            r => r.Count == SiloSweepFixture.Methods.Length && r.All(x => x.Value == SiloSweepFixture.FailedPerMethod),
            ScrapeWait);
        Assert.Equal(SiloSweepFixture.Methods.Order(), failed.Select(r => r.Labels["method"]).Order());
        Assert.All(failed, r => Assert.Equal(SiloSweepFixture.FailedPerMethod, r.Value));

        // One distance and one energy score per computed sample and normalisation, labelled by method and normalisation.
        foreach (var score in new[] { "saliency_score_distance_count", "saliency_score_energy_count" })
        {
            var pairs = SiloSweepFixture.Methods.Length * SiloSweepFixture.Normalisations.Length;
            var counts = await run.Prometheus.QueryUntilAsync(score, r => r.Count == pairs, ScrapeWait);
            Assert.Equal(
                SiloSweepFixture.Methods.SelectMany(m => SiloSweepFixture.Normalisations.Select(n => $"{m}/{n}")).Order(),
                counts.Select(r => $"{r.Labels["method"]}/{r.Labels["normalisation"]}").Order());
            Assert.All(counts, r => Assert.Equal(SiloSweepFixture.ComputedPerMethod, r.Value));
        }
    }

    [Fact]
    public void The_silo_exported_every_defined_metric_during_the_sweep_and_no_label_carries_an_id()
    {
        var seen = run.SeriesDuringSweep;
        var names = seen.Select(s => s.Name).ToHashSet();
        foreach (var definition in SaliencyMetrics.Definitions)
        {
            foreach (var series in PrometheusNames.Series(definition))
            {
                Assert.True(names.Contains(series), $"{definition.Name} was never exported as {series} by the silo running a sweep");
            }
        }

        // The sweep-progress gauges: planned = samples x trials of the sweep; done never exceeds it.
        var total = SiloSweepFixture.Samples * SiloSweepFixture.Methods.Length;
        Assert.Equal(total, seen.Where(s => s.Name == "saliency_sweep_samples_planned").Max(s => s.Value));
        Assert.All(seen.Where(s => s.Name == "saliency_sweep_samples_done"), s => Assert.InRange(s.Value, 0, total));

        // Prometheus conventions: no gauge ends in _total, durations are in seconds.
        Assert.DoesNotContain(seen, s => s.Name.StartsWith("saliency_", StringComparison.Ordinal) && s.Name.EndsWith("_total", StringComparison.Ordinal)
            && SaliencyMetrics.Definitions.Any(d => d.Kind == MetricKind.Gauge && PrometheusNames.BaseName(d) == s.Name));
        Assert.DoesNotContain(seen, s => s.Name.StartsWith("saliency_", StringComparison.Ordinal) && s.Name.Contains("milliseconds", StringComparison.Ordinal));
        Assert.Contains(seen, s => s.Name == "saliency_device_in_use" && s.Labels["device"] == "cpu" && s.Labels["silo_role"] == "gpu");

        Assert.NotEmpty(run.SweepId);
        Assert.All(seen.Where(s => s.Name.StartsWith("saliency_", StringComparison.Ordinal)), s =>
            Assert.DoesNotContain(s.Labels.Values, v => v.Contains(run.SweepId, StringComparison.Ordinal)));
    }

    [Fact]
    public void Dashboards_query_only_metrics_and_labels_the_silo_exported_while_running_a_sweep()
    {
        var seen = run.SeriesDuringSweep;
        var byName = seen.GroupBy(s => s.Name).ToDictionary(g => g.Key, g => g.SelectMany(s => s.Labels.Keys).ToHashSet());
        var dashboards = Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "k8s", "observability", "dashboards"), "*.json").ToList();
        Assert.NotEmpty(dashboards);
        foreach (var file in dashboards)
        {
            foreach (var expr in DashboardFiles.Expressions(file))
            {
                // Series the silo itself exports (not `up`, which the scrape makes, nor the DCGM exporter's GPU fields).
                var metrics = PromQl.Metrics(expr).Where(m => m != "up" && !m.StartsWith("DCGM_", StringComparison.Ordinal)).ToHashSet();
                if (metrics.Count == 0)
                {
                    continue;
                }

                foreach (var metric in metrics)
                {
                    Assert.True(byName.ContainsKey(metric), $"{Path.GetFileName(file)} queries {metric}, which the silo did not export");
                }

                // Labels the query groups or filters by exist on its series (the scraper adds job, instance and the
                // target labels of k8s/observability/prometheus.yml).
                foreach (var label in PromQl.Labels(expr).Except(ScrapeTargetLabels))
                {
                    Assert.True(metrics.Any(m => byName[m].Contains(label)), $"{Path.GetFileName(file)}: no series of {string.Join(", ", metrics)} has label {label} ({expr})");
                }
            }
        }
    }

    [Fact]
    public async Task The_silo_process_answers_health_and_readiness_on_its_configured_endpoint()
    {
        var health = await run.Silo.Http.GetAsync("healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("ok", (await health.Content.ReadAsStringAsync()).Trim());
        var ready = await run.Silo.Http.GetAsync("readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ready", (await ready.Content.ReadAsStringAsync()).Trim());
        Assert.Equal(HttpStatusCode.NotFound, (await run.Silo.Http.GetAsync("nothing-here")).StatusCode);

        // Ready means the silo has started: its client gateway already accepted connections when /readyz first said 200.
        Assert.True(run.Silo.GatewayOpenWhenReady, "/readyz said 200 before the silo's gateway accepted connections");
    }
}
