using Orleans.Runtime;

namespace Saliency.Grains.Scheduling;

/// <summary>
/// Carries the device a shard was placed on (<see cref="Worker.Device"/>) with the work-grain call, in the request
/// context, so the work grain runs it on that device's executor. Absent: device 0.
/// </summary>
public static class DeviceSlot
{
    public const string Key = "saliency.device";

    /// <summary>The device of the current request (0 when none is set).</summary>
    public static int Current => RequestContext.Get(Key) is int device ? device : 0;
}
