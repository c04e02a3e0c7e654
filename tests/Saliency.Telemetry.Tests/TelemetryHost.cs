using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Saliency.Telemetry.Hosting;

namespace Saliency.Telemetry.Tests;

/// <summary>A started generic host with the saliency telemetry on a loopback HTTP endpoint (a silo without Orleans).</summary>
internal sealed class TelemetryHost : IAsyncDisposable
{
    private readonly IHost _host;

    private TelemetryHost(IHost host, Uri endpoint)
    {
        _host = host;
        Endpoint = endpoint;
        Http = new HttpClient { BaseAddress = endpoint, Timeout = TimeSpan.FromSeconds(10) };
    }

    public Uri Endpoint { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _host.Services;

    public static async Task<TelemetryHost> StartAsync(SiloIdentity identity, int? port = null, bool orleans = false, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var endpoint = new Uri($"http://127.0.0.1:{port ?? FreePort()}/");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Telemetry:HttpEndpoint"] = endpoint.ToString().TrimEnd('/'),
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.AddSaliencyTelemetry(identity);
        if (orleans)
        {
            builder.UseOrleans(silo => silo.UseLocalhostClustering(FreePort(), FreePort(), serviceId: "telemetry-test", clusterId: Guid.NewGuid().ToString("N")));
        }

        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new TelemetryHost(host, endpoint);
    }

    public async Task<IReadOnlyList<ScrapeSample>> ScrapeAsync() => ScrapeText.Parse(await Http.GetStringAsync("metrics"));

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _host.StopAsync();
        _host.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
