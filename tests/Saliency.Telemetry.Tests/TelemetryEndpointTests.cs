using System.Net;
using Saliency.Deploy.Tests;
using Saliency.Telemetry.Hosting;

namespace Saliency.Telemetry.Tests;

/// <summary>The silo's HTTP endpoint: health, readiness, and the Prometheus scrape of the saliency metrics.</summary>
public sealed class TelemetryEndpointTests
{
    private static readonly SiloIdentity GpuSilo = new("saliency-silo", "gpu", "cuda:0");

    [Fact]
    public async Task Health_and_readiness_answer_once_the_host_has_started()
    {
        await using var host = await TelemetryHost.StartAsync(GpuSilo);
        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("readyz")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync("nothing-here")).StatusCode);
    }

    [Fact]
    public void The_endpoint_binds_to_loopback_unless_configured_otherwise()
    {
        var uri = new Uri(new TelemetryOptions().HttpEndpoint);
        Assert.True(IPAddress.IsLoopback(IPAddress.Parse(uri.Host)), $"default endpoint {uri} is not loopback");
        Assert.Equal(8080, uri.Port);
    }

    [Fact]
    public async Task Map_latency_histogram_has_the_explicit_second_buckets_and_counts()
    {
        await using var host = await TelemetryHost.StartAsync(GpuSilo);
        const string method = "histogram-test-method";
        double[] latenciesMs = [0.5, 3, 3, 7, 150, 2500, 45_000];
        foreach (var ms in latenciesMs)
        {
            SaliencyMetrics.RecordMapDuration(method, "cuda:0", "gpu", TimeSpan.FromMilliseconds(ms));
        }

        var buckets = (await host.ScrapeAsync())
            .Where(s => s.Name == "saliency_map_duration_seconds_bucket" && s.Labels.GetValueOrDefault("method") == method)
            .ToList();
        Assert.All(buckets, b =>
        {
            Assert.Equal("cuda:0", b.Labels["device"]);
            Assert.Equal("gpu", b.Labels["silo_role"]);
        });

        // Cumulative counts per upper bound, counted here from the raw latencies.
        var expectedBounds = SaliencyMetrics.MapDurationBucketsSeconds.Append(double.PositiveInfinity).ToList();
        var actual = buckets.ToDictionary(b => ParseBound(b.Labels["le"]), b => b.Value);
        Assert.Equal(expectedBounds, actual.Keys.Order());
        foreach (var bound in expectedBounds)
        {
            Assert.Equal(latenciesMs.Count(ms => ms / 1000 <= bound), actual[bound]);
        }
    }

    [Fact]
    public async Task Every_defined_metric_is_scraped_under_its_prometheus_name()
    {
        await using var host = await TelemetryHost.StartAsync(GpuSilo);
        using var device = SaliencyMetrics.Devices.Add(new DeviceProbe("cuda:0", "gpu", () => 3, () => true));
        using var sweep = SaliencyMetrics.Sweeps.Add(("cpu", new SweepProgressProbe(() => 5, () => 12)));
        SaliencyMetrics.RecordMapDuration("catalog-test", "cuda:0", "gpu", TimeSpan.FromMilliseconds(12));
        SaliencyMetrics.RecordSampleProcessed("catalog-test", "cuda:0", "gpu");
        SaliencyMetrics.RecordSampleFailed("catalog-test", "cuda:0", "gpu");
        SaliencyMetrics.RecordScores("catalog-test", "minmax", 0.8, 0.4);

        var samples = await host.ScrapeAsync();
        var names = samples.Select(s => s.Name).ToHashSet();
        foreach (var definition in SaliencyMetrics.Definitions)
        {
            foreach (var series in PrometheusNames.Series(definition))
            {
                Assert.True(names.Contains(series), $"{definition.Name} was not scraped as {series}");
            }
        }

        Assert.Contains(samples, s => s.Name == "saliency_device_queue_depth" && s.Value == 3 && s.Labels["device"] == "cuda:0");
        Assert.Contains(samples, s => s.Name == "saliency_sweep_samples_done" && s.Value == 5 && s.Labels["silo_role"] == "cpu");
        Assert.Contains(samples, s => s.Name == "saliency_sweep_samples_planned" && s.Value == 12 && s.Labels["silo_role"] == "cpu");
    }

    private static double ParseBound(string le) =>
        le == "+Inf" ? double.PositiveInfinity : double.Parse(le, System.Globalization.CultureInfo.InvariantCulture);
}
