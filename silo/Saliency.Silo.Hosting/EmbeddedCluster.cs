using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Saliency.Silo.Hosting;

/// <summary>
/// A one-silo cluster inside the calling process (the embedded default of <c>saliency run</c>): a gpu-role silo on
/// loopback with free ports and its co-hosted <see cref="IClusterClient"/>, configured like the silo host
/// (<see cref="SiloSetup"/>) from typed <see cref="SiloOptions"/>.
/// Telemetry is on (metrics and spans in-process, OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, grain-call
/// context propagation) but its HTTP endpoint is off unless <c>Telemetry:HttpEndpoint</c> is given.
/// </summary>
public sealed class EmbeddedCluster : IAsyncDisposable
{
    private readonly IHost _host;

    private EmbeddedCluster(IHost host, int gatewayPort)
    {
        _host = host;
        GatewayPort = gatewayPort;
        Client = host.Services.GetRequiredService<IClusterClient>();
    }

    public IClusterClient Client { get; }

    /// <summary>Loopback port of the silo's client gateway (for an external client such as the CLI's <c>--cluster</c>).</summary>
    public int GatewayPort { get; }

    /// <param name="configure">Sets the silo's options (e.g. <c>o.Executor.Evaluator</c>, <c>o.Results.Directory</c>);
    /// role, clustering, cluster id and ports are the embedded cluster's own.</param>
    /// <param name="services">Replaces services, e.g. the evaluator or sample source.</param>
    public static async Task<EmbeddedCluster> StartAsync(
        Action<SiloOptions>? configure = null, Action<IServiceCollection>? services = null, CancellationToken cancellationToken = default)
    {
        var (siloPort, gatewayPort) = (FreePort(), FreePort());
        var options = new SiloOptions
        {
            Silo = new SiloSettings
            {
                Role = "gpu",
                Clustering = "localhost",
                ClusterId = "saliency-embedded",
                SiloPort = siloPort,
                PrimarySiloPort = siloPort,
                GatewayPort = gatewayPort,
            },
        };
        configure?.Invoke(options);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Telemetry:HttpEndpoint"] = string.Empty });
        builder.AddSiloTelemetry(options);
        builder.UseOrleans(silo =>
        {
            SiloSetup.Configure(silo, options);
            silo.AddActivityPropagation();
            services?.Invoke(silo.Services);
        });
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return new EmbeddedCluster(host, gatewayPort);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(TimeSpan.FromSeconds(10));
        _host.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
