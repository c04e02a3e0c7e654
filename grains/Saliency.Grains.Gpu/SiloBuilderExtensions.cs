using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using Orleans.Runtime;
using Saliency.Grains;
using Saliency.Grains.Gpu.Execution;

namespace Saliency.Grains.Gpu;

/// <summary>
/// Configures a silo's role. Placement works by heterogeneous silos: a <see cref="SiloRole.Cpu"/> silo removes the
/// work-grain classes from its <see cref="GrainTypeOptions"/>, so Orleans' placement (which only considers silos
/// that host a grain's class) never puts work on it; with no GPU silo in the cluster, work calls fail instead of
/// running on a CPU-only silo.
/// </summary>
public static class SiloBuilderExtensions
{
    /// <summary>Grain classes only GPU silos host.</summary>
    public static IReadOnlyList<Type> GpuGrainClasses { get; } = [typeof(ShardWorkGrain), typeof(SampleResolverGrain)];

    /// <summary>
    /// Registers the role's services: for <see cref="SiloRole.Gpu"/> the device executor and pool (in the silo's
    /// lifecycle, <see cref="SiloStageService"/>: they stop after the silo has left the pool; on the host's stop signal
    /// they first stop taking shards, <see cref="DevicePool.Drain"/>);
    /// the <see cref="IShardEvaluator"/> and <see cref="ISampleSource"/> must be registered by the caller (the silo
    /// host registers the TorchSharp benchmark engine; tests register small ones). Also registers the role as the
    /// metrics' <c>silo_role</c> label (<see cref="SiloTelemetryRole"/>).
    /// </summary>
    public static ISiloBuilder AddSaliencyRole(this ISiloBuilder builder, SiloRole role, ExecutorOptions? executor = null)
    {
        builder.Services.TryAddSingleton(new SiloTelemetryRole(role.Label()));
        if (role == SiloRole.Gpu)
        {
            builder.Services.TryAddSingleton(Microsoft.Extensions.Options.Options.Create(executor ?? new ExecutorOptions()));
            builder.Services.TryAddSingleton<DeviceExecutor>();
            builder.Services.TryAddSingleton<IDeviceExecutor>(sp => sp.GetRequiredService<DeviceExecutor>());
            builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => new SiloStageService(sp.GetRequiredService<DeviceExecutor>(), nameof(DeviceExecutor)));
            builder.Services.TryAddSingleton<DevicePool>();
            builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => new SiloStageService(sp.GetRequiredService<DevicePool>(), nameof(DevicePool)));
            builder.Services.TryAddSingleton(new WorkerDevices(Math.Max(1, executor?.SimulatedDevices ?? 0)));
        }
        else
        {
            builder.Configure<GrainTypeOptions>(o =>
            {
                foreach (var type in GpuGrainClasses)
                {
                    o.Classes.Remove(type);
                }
            });
        }

        return builder;
    }
}
