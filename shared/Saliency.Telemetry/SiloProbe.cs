namespace Saliency.Telemetry;

/// <summary>A running silo: its role (<c>gpu</c> or <c>cpu</c>) and its compute device.</summary>
public sealed record SiloProbe(string SiloRole, string Device);
