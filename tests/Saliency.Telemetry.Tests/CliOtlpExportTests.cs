using System.Net;
using System.Text;

namespace Saliency.Telemetry.Tests;

/// <summary>Runs alone: it sets OTEL_* environment variables, which every in-process CLI run reads.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection
{
    public const string Name = "process environment";
}

/// <summary>
/// The CLI's sweep commands export their span over OTLP (http/protobuf here, received by a small HTTP listener
/// standing in for the collector) when OTEL_EXPORTER_OTLP_ENDPOINT is set, and send nothing when it is not.
/// </summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class CliOtlpExportTests
{
    [Fact]
    public async Task A_sweep_command_exports_its_span_over_otlp_only_when_the_endpoint_is_set()
    {
        var port = FreePorts.Next();
        using var collector = new HttpListener();
        collector.Prefixes.Add($"http://127.0.0.1:{port}/");
        collector.Start();
        var bodies = new List<(string Path, byte[] Body)>();
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

                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                lock (bodies)
                {
                    bodies.Add((context.Request.Url!.AbsolutePath, body.ToArray()));
                }

                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        });

        var unreachable = $"127.0.0.1:{FreePorts.Next()}";
        var sweepId = "otlp-export-" + Guid.NewGuid().ToString("N")[..8];
        string?[] saved = [Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT"), Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_PROTOCOL")];
        try
        {
            Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT", $"http://127.0.0.1:{port}");
            Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
            var (code, _, _) = Cli.Run("sweep", "status", sweepId, "--cluster", unreachable);
            Assert.Equal(3, code);

            // The provider is disposed (flushed) before the command returns: the span has been posted.
            List<(string Path, byte[] Body)> received;
            lock (bodies)
            {
                received = [.. bodies];
            }

            var traces = Assert.Single(received, b => b.Path == "/v1/traces");
            var text = Encoding.UTF8.GetString(traces.Body);
            Assert.Contains("saliency.cli.sweep.status", text, StringComparison.Ordinal);
            Assert.Contains(sweepId, text, StringComparison.Ordinal);
            Assert.Contains("saliency-cli", text, StringComparison.Ordinal);

            Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT", null);
            var before = received.Count;
            (code, _, _) = Cli.Run("sweep", "status", sweepId + "-quiet", "--cluster", unreachable);
            Assert.Equal(3, code);
            await Task.Delay(500);
            lock (bodies)
            {
                Assert.Equal(before, bodies.Count);
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT", saved[0]);
            Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_PROTOCOL", saved[1]);
            collector.Stop();
            await receiving;
        }
    }
}
