namespace Saliency.Telemetry;

/// <summary>
/// A compute device's executor as seen by the metrics: its device name (<c>cpu</c>, <c>cuda:0</c>), the silo role,
/// and callbacks for the number of queued work items and whether it is computing right now.
/// </summary>
public sealed record DeviceProbe(string Device, string SiloRole, Func<int> QueueDepth, Func<bool> InUse);
