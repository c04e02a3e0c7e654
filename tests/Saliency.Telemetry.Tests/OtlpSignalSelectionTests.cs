using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Saliency.Telemetry.Hosting;

namespace Saliency.Telemetry.Tests;

/// <summary>
/// The silo host's OTLP export per signal (the standard OTEL_TRACES/METRICS/LOGS_EXPORTER variables, as the
/// Kubernetes ConfigMap sets them): a small HTTP listener stands in for the collector (http/protobuf) and records the
/// paths posted to. With metrics and logs set to none only traces arrive; without the variables all three do.
/// </summary>
public sealed class OtlpSignalSelectionTests
{
    [Fact]
    public async Task Only_the_signals_not_set_to_none_are_exported()
    {
        var paths = await ExportedPathsAsync(new Dictionary<string, string?>
        {
            ["OTEL_TRACES_EXPORTER"] = "otlp",
            ["OTEL_METRICS_EXPORTER"] = "none",
            ["OTEL_LOGS_EXPORTER"] = "none",
        });
        Assert.Contains("/v1/traces", paths);
        Assert.DoesNotContain("/v1/metrics", paths);
        Assert.DoesNotContain("/v1/logs", paths);

        // The same host without the variables sends all three: the listener would have seen them.
        var all = await ExportedPathsAsync(new Dictionary<string, string?>());
        Assert.Equal(["/v1/logs", "/v1/metrics", "/v1/traces"], all.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_unknown_exporter_name_is_an_error_naming_the_variable()
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => ExportedPathsAsync(new Dictionary<string, string?> { ["OTEL_LOGS_EXPORTER"] = "console" }));
        Assert.Contains("OTEL_LOGS_EXPORTER", e.Message, StringComparison.Ordinal);
    }

    private static async Task<IReadOnlySet<string>> ExportedPathsAsync(Dictionary<string, string?> settings)
    {
        var port = FreePorts.Next();
        using var collector = new HttpListener();
        collector.Prefixes.Add($"http://127.0.0.1:{port}/");
        collector.Start();
        var paths = new HashSet<string>();
        var receiving = Task.Run(async () =>
        {
            while (collector.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await collector.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                lock (paths)
                {
                    paths.Add(context.Request.Url!.AbsolutePath);
                }

                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        });

        settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{port}";
        settings["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        try
        {
            await using (var host = await TelemetryHost.StartAsync(new SiloIdentity("saliency-silo", "gpu", "cpu"), settings: settings))
            {
                using (SaliencyTracing.StartShard("otlp-selection", "t1", 0, 1))
                {
                    SaliencyMetrics.RecordSampleProcessed("otlp-selection", "cpu", "gpu");
                    host.Services.GetRequiredService<ILogger<OtlpSignalSelectionTests>>().LogWarning("otlp selection test");
                }
            }

            // Disposing the host flushed every exporter; give the listener a moment to record the last request.
            await Task.Delay(300);
            lock (paths)
            {
                return paths.ToHashSet();
            }
        }
        finally
        {
            collector.Stop();
            await receiving;
        }
    }
}
