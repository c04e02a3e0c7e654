using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace Saliency.Grains.Scheduling;

/// <summary>Places a new activation on a chosen silo through Orleans' placement hint (<see cref="IPlacementDirector.PlacementHintKey"/>).</summary>
public static class PlacementHint
{
    /// <summary>
    /// Makes <paramref name="call"/> with the hint set when <paramref name="silo"/> is given: the hint is read when the
    /// call's message is made, and removed again right after so that no other call carries it. A
    /// <paramref name="device"/> other than 0 travels the same way (<see cref="DeviceSlot"/>).
    /// </summary>
    public static Task<T> Call<T>(SiloAddress? silo, Func<Task<T>> call, int device = 0)
    {
        if (silo is null)
        {
            return call();
        }

        RequestContext.Set(IPlacementDirector.PlacementHintKey, silo);
        if (device != 0)
        {
            RequestContext.Set(DeviceSlot.Key, device);
        }

        try
        {
            return call();
        }
        finally
        {
            RequestContext.Remove(IPlacementDirector.PlacementHintKey);
            RequestContext.Remove(DeviceSlot.Key);
        }
    }
}
