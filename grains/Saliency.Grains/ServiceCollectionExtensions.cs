using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Saliency.Grains.Storage;
using Saliency.Storage;

namespace Saliency.Grains;

/// <summary>Registers what the orchestration grains need on a silo.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>The results storage: a local directory at <paramref name="resultsDirectory"/> unless one is already registered.</summary>
    public static IServiceCollection AddSaliencyOrchestration(this IServiceCollection services, string resultsDirectory) =>
        services.AddSaliencyOrchestration(_ => new ObjectStoreResultStore(new LocalDirectoryObjectStore(resultsDirectory)));

    /// <summary>The results storage <paramref name="store"/> (built once, on first use), unless one is already registered.</summary>
    public static IServiceCollection AddSaliencyOrchestration(this IServiceCollection services, Func<IServiceProvider, IResultStore> store)
    {
        services.TryAddSingleton(store);
        services.TryAddSingleton<WorkerSilos>();
        services.AddOptions<SweepWakeUpOptions>();
        return services;
    }
}
