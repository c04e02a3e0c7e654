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
/// </summary>
public sealed class EmbeddedCluster : IAsyncDisposable
{
    private readonly IHost _host;

    private EmbeddedCluster(IHost host)
    {
        _host = host;
        Client = host.Services.GetRequiredService<IClusterClient>();
    }

    public IClusterClient Client { get; }

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
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.UseOrleans(silo =>
        {
            SiloSetup.Configure(silo, builder.Configuration);
            services?.Invoke(silo.Services);
        });
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return new EmbeddedCluster(host);
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
