using Microsoft.Extensions.Configuration;
using Saliency.Grains.Gpu.Execution;
using Saliency.Grains.Storage;
using Saliency.Storage;

namespace Saliency.Silo.Hosting;

/// <summary>
/// Everything a silo is configured with, typed: its role, clustering and ports (<see cref="SiloSettings"/>), its
/// device and evaluator (<see cref="ExecutorOptions"/>), where results go (<see cref="ResultStoreOptions"/>) and its
/// object storage (<see cref="StorageOptions"/>). The silo host binds it from configuration
/// (<see cref="From"/>: appsettings.json and environment variables such as <c>Saliency__Silo__Role=cpu</c>); the
/// in-process cluster builds it in code.
/// </summary>
public sealed class SiloOptions
{
    public SiloSettings Silo { get; init; } = new();

    public ExecutorOptions Executor { get; init; } = new();

    public ResultStoreOptions Results { get; init; } = new();

    public StorageOptions Storage { get; init; } = new();

    public static SiloOptions From(IConfiguration configuration) => new()
    {
        Silo = configuration.GetSection(SiloSettings.Section).Get<SiloSettings>() ?? new SiloSettings(),
        Executor = configuration.GetSection(ExecutorOptions.Section).Get<ExecutorOptions>() ?? new ExecutorOptions(),
        Results = configuration.GetSection(ResultStoreOptions.Section).Get<ResultStoreOptions>() ?? new ResultStoreOptions(),
        Storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions(),
    };
}
