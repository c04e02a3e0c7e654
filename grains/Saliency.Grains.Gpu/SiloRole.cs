namespace Saliency.Grains.Gpu;

/// <summary>
/// What a silo offers: <see cref="Gpu"/> silos host the work grains and the device executor (any accelerator
/// silo; on a CPU-only machine a silo may be declared <c>gpu</c> for testing and runs on the CPU), <see cref="Cpu"/>
/// silos host only orchestration (sweep, aggregators, catalogue).
/// </summary>
public enum SiloRole
{
    Cpu,
    Gpu,
}
