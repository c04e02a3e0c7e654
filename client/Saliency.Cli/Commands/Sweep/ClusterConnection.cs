using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Runtime.Messaging;

namespace Saliency.Cli.Commands.Sweep;

/// <summary>
/// An Orleans client for the <c>sweep</c> commands. The address is a comma-separated list of gateway endpoints
/// (<c>host:port</c>; default <c>localhost:30000</c> or <c>$SALIENCY_CLUSTER</c>); cluster and service ids default to
/// the silo's development defaults (<c>$SALIENCY_CLUSTER_ID</c>, <c>$SALIENCY_SERVICE_ID</c>). Connecting gives up
/// after <see cref="ConnectTimeout"/> with <see cref="ClusterUnreachableException"/>, so an unreachable cluster is
/// reported in seconds. Grain calls carry <see cref="System.Diagnostics.Activity.Current"/> (the command's span) to the
/// silos.
/// </summary>
internal sealed class ClusterConnection : IAsyncDisposable
{
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    private readonly IHost _host;

    private ClusterConnection(IHost host)
    {
        _host = host;
        Client = host.Services.GetRequiredService<IClusterClient>();
    }

    public IClusterClient Client { get; }

    public static string DefaultAddress => Environment.GetEnvironmentVariable("SALIENCY_CLUSTER") is { Length: > 0 } a ? a : "localhost:30000";

    public static async Task<ClusterConnection> ConnectAsync(string? address)
    {
        address = string.IsNullOrWhiteSpace(address) ? DefaultAddress : address;
        var gateways = address.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Parse).ToArray();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Critical);
        builder.UseOrleansClient(client =>
        {
            client.UseStaticClustering(gateways);
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = Environment.GetEnvironmentVariable("SALIENCY_CLUSTER_ID") is { Length: > 0 } c ? c : "saliency-dev";
                o.ServiceId = Environment.GetEnvironmentVariable("SALIENCY_SERVICE_ID") is { Length: > 0 } s ? s : "saliency";
            });
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(30));
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(10));
            client.UseConnectionRetryFilter((_, _) => Task.FromResult(false));
            client.AddActivityPropagation();
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync().WaitAsync(ConnectTimeout);
            return new ClusterConnection(host);
        }
        catch (Exception e) when (e is TimeoutException or SiloUnavailableException or OrleansException or SocketException or ConnectionFailedException)
        {
            host.Dispose();
            throw new ClusterUnreachableException($"cannot reach the cluster at {address}: {e.Message}", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync(TimeSpan.FromSeconds(2));
        }
        catch (Exception)
        {
            // the client is going away anyway
        }

        _host.Dispose();
    }

    private static IPEndPoint Parse(string endpoint)
    {
        var colon = endpoint.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(endpoint[(colon + 1)..], out var port))
        {
            throw new Saliency.Core.InputException($"'{endpoint}' is not host:port", field: "--cluster");
        }

        var host = endpoint[..colon];
        var ip = host == "localhost" ? IPAddress.Loopback
            : IPAddress.TryParse(host, out var parsed) ? parsed
            : Dns.GetHostAddresses(host).First(a => a.AddressFamily == AddressFamily.InterNetwork);
        return new IPEndPoint(ip, port);
    }
}

/// <summary>The cluster could not be reached (the CLI exits with code 3).</summary>
internal sealed class ClusterUnreachableException(string message, Exception inner) : Exception(message, inner);
