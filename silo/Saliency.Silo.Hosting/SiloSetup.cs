using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Saliency.Core;
using Saliency.Grains;
using Saliency.Grains.Gpu;
using Saliency.Grains.Gpu.Engine;
using Saliency.Grains.Gpu.Execution;
using Saliency.Grains.Storage;
using Saliency.Storage;

namespace Saliency.Silo.Hosting;

/// <summary>
/// Configures an Orleans silo for Saliency.Cluster from its <see cref="SiloOptions"/>: clustering, ports, role,
/// device executor, evaluator and results storage. Used by the silo host and by the in-process cluster.
/// </summary>
public static class SiloSetup
{
    /// <summary>Applies <paramref name="options"/> to <paramref name="silo"/>; throws <see cref="InputException"/> on bad settings.</summary>
    public static void Configure(ISiloBuilder silo, SiloOptions options)
    {
        var settings = options.Silo;
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

        if (settings.SweepWakeUpSeconds < 1)
        {
            throw new InputException($"{settings.SweepWakeUpSeconds} is not a wake-up period (whole seconds, at least 1)", field: "Saliency:Silo:SweepWakeUpSeconds");
        }

        // Redis clustering keeps the sweeps' wake-up reminders in the same Redis, so they outlive any silo; development
        // clustering keeps them in memory (a grain on one silo, lost if that silo dies too).
        SweepWakeUpSetup.Configure(silo, TimeSpan.FromSeconds(settings.SweepWakeUpSeconds), settings.Clustering.Equals("redis", StringComparison.OrdinalIgnoreCase) ? settings.Redis : null);

        AddStorage(silo.Services, options);

        var executor = options.Executor;
        silo.AddSaliencyRole(role, executor);
        if (role == SiloRole.Gpu)
        {
            AddEvaluator(silo.Services, executor);
        }
    }

    /// <summary>
    /// The silo's object storage (section <c>Storage</c>; opened on first use), its cache of <c>store:</c> references,
    /// and the results storage (<see cref="ResultStoreOptions"/>: the local directory unless <c>Saliency:Results:Storage</c>).
    /// </summary>
    private static void AddStorage(IServiceCollection services, SiloOptions options)
    {
        var storage = options.Storage;
        services.TryAddSingleton<IObjectStore>(_ => ObjectStoreFactory.Create(storage));
        services.TryAddSingleton(sp => new StoreReferenceResolver(() => new ObjectCache(sp.GetRequiredService<IObjectStore>(), storage.CacheDirectory)));
        services.AddSaliencyOrchestration(sp => ResultStoreFactory.Create(options.Results, sp.GetRequiredService<IObjectStore>));
    }

    private static void AddEvaluator(IServiceCollection services, ExecutorOptions executor)
    {
        switch (executor.Evaluator.ToLowerInvariant())
        {
            case "synthetic":
                services.AddSingleton<IShardEvaluator>(new SyntheticShardEvaluator(
                    executor.SyntheticSecondsPerSample, executor.SyntheticFailEvery, executor.SyntheticSecondsPerPass, executor.SyntheticTimeScale));
                services.AddSingleton<ISampleSource, SyntheticSampleSource>();
                break;
            case "engine":
                services.AddSingleton<IShardEvaluator, EngineShardEvaluator>();
                services.AddSingleton<ISampleSource, EngineSampleSource>();
                break;
            default:
                throw new InputException($"'{executor.Evaluator}' is not an evaluator (engine, synthetic)", field: "Saliency:Executor:Evaluator");
        }
    }
}
