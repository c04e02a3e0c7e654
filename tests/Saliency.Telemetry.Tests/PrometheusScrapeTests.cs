using Saliency.Telemetry.Hosting;

namespace Saliency.Telemetry.Tests;

/// <summary>A real Prometheus scrapes a running silo endpoint during a small run of map computations.</summary>
public sealed class PrometheusScrapeTests
{
    [Fact]
    public async Task Prometheus_finds_the_method_latency_metric_with_method_device_and_role_labels()
    {
        using var prometheus = await PrometheusService.RequireAsync();
        await using var silo = await StartOnScrapedPortAsync();

        // A small sweep's worth of maps: 3 methods x 4 samples, recorded as the work grains do.
        var run = Guid.NewGuid().ToString("N")[..8];
        string[] methods = [$"gradcam-{run}", $"smoothgrad-{run}", $"scorecam-{run}"];
        foreach (var method in methods)
        {
            for (var sample = 0; sample < 4; sample++)
            {
                SaliencyMetrics.RecordMapDuration(method, "cuda:0", "gpu", TimeSpan.FromMilliseconds(10 + sample));
                SaliencyMetrics.RecordSampleProcessed(method, "cuda:0", "gpu");
            }
        }

        var query = $"saliency_map_duration_milliseconds_count{{method=~\".*-{run}\"}}";
        IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, double Value)> result = [];
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            result = await PrometheusService.QueryAsync(prometheus, query);
            if (result.Count == methods.Length)
            {
                break;
            }

            await Task.Delay(500);
        }

        Assert.Equal(methods.Order(), result.Select(r => r.Labels["method"]).Order());
        Assert.All(result, r =>
        {
            Assert.Equal("cuda:0", r.Labels["device"]);
            Assert.Equal("gpu", r.Labels["silo_role"]);
            Assert.Equal("saliency-silo", r.Labels["job"]);
            Assert.Equal(4, r.Value);
        });

        // The dashboards' quantile query works on what Prometheus stored.
        var p50 = await PrometheusService.QueryAsync(prometheus,
            $"histogram_quantile(0.5, sum by (le, method) (saliency_map_duration_milliseconds_bucket{{method=~\".*-{run}\"}}))");
        Assert.Equal(methods.Length, p50.Count);
        // One latency at 10 ms (bucket le=10), three in (10, 20]: the median interpolates inside (10, 20].
        Assert.All(p50, r => Assert.InRange(r.Value, 10.0001, 20));
    }

    /// <summary>The scraped port is fixed; another test run on this machine may hold it for a while: wait for it.</summary>
    private static async Task<TelemetryHost> StartOnScrapedPortAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            try
            {
                return await TelemetryHost.StartAsync(new SiloIdentity("saliency-silo", "gpu", "cuda:0"), PrometheusService.ScrapedPort);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(1000);
            }
        }
    }
}
