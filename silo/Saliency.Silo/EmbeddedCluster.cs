using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Saliency.Silo;

/// <summary>
/// A one-silo cluster inside the calling process (the embedded default of <c>saliency run</c>): a gpu-role silo on
/// loopback with free ports and its co-hosted <see cref="IClusterClient"/>. Settings are the silo host's
/// (<see cref="SiloSetup"/>) with <paramref name="settings"/> on top, e.g. <c>Saliency:Executor:Evaluator</c> and
/// <c>Saliency:Results:Directory</c>; <paramref name="services"/> can replace the evaluator or sample source.
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

    public static async Task<EmbeddedCluster> StartAsync(
        IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services = null, CancellationToken cancellationToken = default)
    {
        var (siloPort, gatewayPort) = (FreePort(), FreePort());
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Saliency:Silo:Role"] = "gpu",
            ["Saliency:Silo:Clustering"] = "localhost",
            ["Saliency:Silo:ClusterId"] = "saliency-embedded",
            ["Saliency:Silo:SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
            ["Saliency:Silo:PrimarySiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
            ["Saliency:Silo:GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture),
            ["Telemetry:HttpEndpoint"] = string.Empty,
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddSiloTelemetry();
        builder.UseOrleans(silo =>
        {
            SiloSetup.Configure(silo, builder.Configuration);
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
