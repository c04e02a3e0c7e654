using Microsoft.Extensions.Hosting;
using Orleans.Runtime;

namespace Saliency.Grains.Gpu.Execution;

/// <summary>
/// Runs a device service (<see cref="DeviceExecutor"/>, <see cref="DevicePool"/>) in the silo's lifecycle at
/// <see cref="ServiceLifecycleStage.ApplicationServices"/> instead of as a hosted service of its own: started before
/// the silo becomes active (so the first work call finds it), stopped after the silo has left the pool and deactivated
/// its grains. As a plain hosted service it stopped first (hosted services stop in reverse order of registration, and
/// Orleans' silo registers before the role's services), so a draining silo stayed Active in membership while it
/// finished its running shard, and the sweep kept placing shards on it.
/// </summary>
internal sealed class SiloStageService(IHostedService service, string name) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(name, ServiceLifecycleStage.ApplicationServices, service.StartAsync, service.StopAsync);
}
