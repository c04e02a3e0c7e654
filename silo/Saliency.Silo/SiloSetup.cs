using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Saliency.Core;
using Saliency.Grains;
using Saliency.Grains.Gpu;
using Saliency.Grains.Gpu.Execution;
using Saliency.Grains.Storage;
using Saliency.Storage;

namespace Saliency.Silo;

/// <summary>
/// Configures an Orleans silo for Saliency.Cluster from configuration: clustering, ports, role, device executor,
/// evaluator and results storage. Used by the silo host and by <c>saliency run</c>'s in-process silo.
/// </summary>
public static class SiloSetup
{
    /// <summary>Applies <paramref name="configuration"/> to <paramref name="silo"/>; throws <see cref="InputException"/> on bad settings.</summary>
    public static void Configure(ISiloBuilder silo, IConfiguration configuration)
    {
        var settings = configuration.GetSection(SiloSettings.Section).Get<SiloSettings>() ?? new SiloSettings();
        var role = settings.Role.ToLowerInvariant() switch
        {
            "gpu" => SiloRole.Gpu,
            "cpu" => SiloRole.Cpu,
            _ => throw new InputException($"'{settings.Role}' is not a silo role (gpu, cpu)", field: "Saliency:Silo:Role"),
        };

        switch (settings.Clustering.ToLowerInvariant())
        {
            case "localhost":
                silo.UseLocalhostClustering(
                    settings.SiloPort,
                    settings.GatewayPort,
                    settings.SiloPort == settings.PrimarySiloPort ? null : new IPEndPoint(IPAddress.Loopback, settings.PrimarySiloPort),
                    settings.ServiceId,
                    settings.ClusterId);
                break;
            case "redis":
                if (string.IsNullOrWhiteSpace(settings.Redis))
                {
                    throw new InputException("redis clustering needs a connection string", field: "Saliency:Silo:Redis");
                }

                silo.UseRedisClustering(o => o.ConfigurationOptions = StackExchange.Redis.ConfigurationOptions.Parse(settings.Redis));
                silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (settings.ClusterId, settings.ServiceId));
                silo.ConfigureEndpoints(
                    string.IsNullOrWhiteSpace(settings.AdvertisedIP) ? IPAddress.Loopback : IPAddress.Parse(settings.AdvertisedIP),
                    settings.SiloPort,
                    settings.GatewayPort,
                    listenOnAnyHostAddress: settings.ListenOnAnyHostAddress);
                break;
            default:
                throw new InputException($"'{settings.Clustering}' is not a clustering mode (localhost, redis)", field: "Saliency:Silo:Clustering");
        }

        AddStorage(silo.Services, configuration);

        var executor = configuration.GetSection(ExecutorOptions.Section);
        silo.AddSaliencyRole(role, o => executor.Bind(o));
        if (role == SiloRole.Gpu)
        {
            var syntheticSeconds = double.TryParse(executor["SyntheticSecondsPerSample"], System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : 0.01;
            var syntheticFailEvery = int.TryParse(executor["SyntheticFailEvery"], System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0;
            AddEvaluator(silo.Services, executor["Evaluator"] ?? "engine", syntheticSeconds, syntheticFailEvery);
        }
    }

    /// <summary>
    /// The silo's object storage (section <c>Storage</c>; opened on first use), its cache of <c>store:</c> references,
    /// and the results storage (<see cref="ResultStoreOptions"/>: the local directory unless <c>Saliency:Results:Storage</c>).
    /// </summary>
    private static void AddStorage(IServiceCollection services, IConfiguration configuration)
    {
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        services.TryAddSingleton<IObjectStore>(_ => ObjectStoreFactory.Create(storage));
        services.TryAddSingleton(sp => new StoreReferenceResolver(() => new ObjectCache(sp.GetRequiredService<IObjectStore>(), storage.CacheDirectory)));
        var results = configuration.GetSection(ResultStoreOptions.Section).Get<ResultStoreOptions>() ?? new ResultStoreOptions();
        services.AddSaliencyOrchestration(sp => ResultStoreFactory.Create(results, sp.GetRequiredService<IObjectStore>));
    }

    private static void AddEvaluator(IServiceCollection services, string evaluator, double syntheticSecondsPerSample, int syntheticFailEvery)
    {
        switch (evaluator.ToLowerInvariant())
        {
            case "synthetic":
                services.AddSingleton<IShardEvaluator>(new SyntheticShardEvaluator(syntheticSecondsPerSample, syntheticFailEvery));
                services.AddSingleton<ISampleSource, SyntheticSampleSource>();
                break;
            case "engine":
                services.AddSingleton<IShardEvaluator, EngineShardEvaluator>();
                services.AddSingleton<ISampleSource, EngineSampleSource>();
                break;
            default:
                throw new InputException($"'{evaluator}' is not an evaluator (engine, synthetic)", field: "Saliency:Executor:Evaluator");
        }
    }
}
