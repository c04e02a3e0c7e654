using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Runtime.Messaging;
using StackExchange.Redis;

namespace Saliency.Cli.Commands.Sweep;

/// <summary>
/// An Orleans client for the <c>sweep</c> commands. The address is a comma-separated list of gateway endpoints
/// (<c>host:port</c>), or <c>redis://CONNECTION</c> (StackExchange.Redis syntax after the scheme) to find the
/// gateways in the silos' Redis membership table, or <c>redis</c> to take that connection string from
/// <c>Saliency__Silo__Redis</c> (as the silos do). Default: <c>$SALIENCY_CLUSTER</c>; else <c>redis</c> when
/// <c>Saliency__Silo__Clustering=redis</c> (the silos' ConfigMap, e.g. in the submit Job); else <c>localhost:30000</c>.
/// Cluster and service ids: <c>$SALIENCY_CLUSTER_ID</c> / <c>$SALIENCY_SERVICE_ID</c>, else the silos' settings
/// <c>Saliency__Silo__ClusterId</c> / <c>__ServiceId</c>, else the development defaults. Connecting gives up
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

    public const string RedisScheme = "redis://";

    public static string DefaultAddress =>
        Environment.GetEnvironmentVariable("SALIENCY_CLUSTER") is { Length: > 0 } a ? a
        : string.Equals(Environment.GetEnvironmentVariable("Saliency__Silo__Clustering"), "redis", StringComparison.OrdinalIgnoreCase) ? "redis"
        : "localhost:30000";

    public static async Task<ClusterConnection> ConnectAsync(string? address)
    {
        address = string.IsNullOrWhiteSpace(address) ? DefaultAddress : address;
        var redis = RedisOptions(address);
        var gateways = redis is null ? address.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Parse).ToArray() : [];

        // Never show a Redis connection string (it may hold a password): only its endpoints.
        var shown = redis is null ? address : "redis " + string.Join(',', redis.EndPoints.Select(e => e.ToString()));
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Critical);
        builder.UseOrleansClient(client =>
        {
            if (redis is null)
            {
                client.UseStaticClustering(gateways);
            }
            else
            {
                client.UseRedisClustering(o => o.ConfigurationOptions = redis);
            }

            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = Setting("SALIENCY_CLUSTER_ID", "Saliency__Silo__ClusterId", "saliency-dev");
                o.ServiceId = Setting("SALIENCY_SERVICE_ID", "Saliency__Silo__ServiceId", "saliency");
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
            throw new ClusterUnreachableException($"cannot reach the cluster at {shown}: {e.Message}", e);
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

    /// <summary>The Redis options of a <c>redis://</c> or <c>redis</c> address; null for a gateway list.</summary>
    private static ConfigurationOptions? RedisOptions(string address)
    {
        string? connection = address.StartsWith(RedisScheme, StringComparison.OrdinalIgnoreCase) ? address[RedisScheme.Length..]
            : address.Equals("redis", StringComparison.OrdinalIgnoreCase)
                ? Environment.GetEnvironmentVariable("Saliency__Silo__Redis") is { Length: > 0 } r ? r
                    : throw new Saliency.Core.InputException("--cluster redis needs the connection string in Saliency__Silo__Redis", field: "--cluster")
            : null;
        if (connection is null)
        {
            return null;
        }

        try
        {
            var options = ConfigurationOptions.Parse(connection);
            options.AbortOnConnectFail = false;
            return options.EndPoints.Count > 0 ? options : throw new ArgumentException("no endpoint");
        }
        catch (ArgumentException)
        {
            throw new Saliency.Core.InputException("the Redis address is not a StackExchange.Redis connection string (host:port[,option=value...])", field: "--cluster");
        }
    }

    private static string Setting(string variable, string siloVariable, string fallback) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } v ? v
        : Environment.GetEnvironmentVariable(siloVariable) is { Length: > 0 } s ? s
        : fallback;

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
