using Saliency.Cli.Commands.Sweep;

namespace Saliency.Telemetry.Tests;

/// <summary>
/// The real silo host (<c>Saliency.Silo.dll</c> from this test's output) as a separate process on loopback: gpu role
/// on the CPU, synthetic evaluator, free silo, gateway and telemetry ports, results in <paramref name="resultsDirectory"/>.
/// Disposing kills it. <see cref="Log"/> keeps its console output for failure messages.
/// </summary>
internal sealed class SiloProcess : IAsyncDisposable
{
    private readonly LocalSiloProcess _silo;

    private SiloProcess(LocalSiloProcess silo, Uri telemetryEndpoint)
    {
        _silo = silo;
        TelemetryEndpoint = telemetryEndpoint;
        Http = new HttpClient { BaseAddress = telemetryEndpoint, Timeout = TimeSpan.FromSeconds(5) };
    }

    public int GatewayPort => _silo.GatewayPort;

    /// <summary>The configured <c>Telemetry:HttpEndpoint</c> (with a trailing slash).</summary>
    public Uri TelemetryEndpoint { get; }

    public HttpClient Http { get; }

    /// <summary>Whether the client gateway accepted a TCP connection right after <c>/readyz</c> first said 200.</summary>
    public bool GatewayOpenWhenReady { get; private set; }

    /// <summary>Whether <c>/readyz</c> answered 503 while the silo was starting (timing-dependent; informational).</summary>
    public bool SawNotReady { get; private set; }

    public string Log => _silo.Log;

    public static SiloProcess Start(string resultsDirectory, IReadOnlyDictionary<string, string> settings)
    {
        var endpoint = new Uri($"http://127.0.0.1:{FreePorts.Next()}/");
        var all = new Dictionary<string, string>
        {
            ["Saliency__Executor__Evaluator"] = "synthetic",
            ["Saliency__Results__Directory"] = resultsDirectory,
            ["Telemetry__HttpEndpoint"] = endpoint.ToString().TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = string.Empty,
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return new SiloProcess(LocalSiloProcess.Start(all), endpoint);
    }

    /// <summary>Waits until <c>/readyz</c> answers 200 (the silo host has started); throws with the log after <paramref name="timeout"/>.</summary>
    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !_silo.HasExited)
        {
            try
            {
                var ready = await Http.GetAsync("readyz");
                if (ready.IsSuccessStatusCode)
                {
                    GatewayOpenWhenReady = await AcceptsAsync(GatewayPort);
                    return;
                }

                SawNotReady |= ready.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable;
            }
            catch (HttpRequestException)
            {
                // endpoint not up yet
            }
            catch (TaskCanceledException)
            {
                // slow answer under load
            }

            await Task.Delay(200);
        }

        throw new InvalidOperationException($"the silo did not become ready on {TelemetryEndpoint}:\n{Log}");
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new System.Net.Sockets.TcpClient();
        try
        {
            await client.ConnectAsync(System.Net.IPAddress.Loopback, port).WaitAsync(TimeSpan.FromSeconds(2));
            return true;
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or TimeoutException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _silo.DisposeAsync();
    }
}
