namespace Saliency.Telemetry.Hosting;

/// <summary>
/// What telemetry says about the process: the OpenTelemetry service name (<c>saliency-silo</c>, <c>saliency-cli</c>),
/// the silo role (<c>gpu</c> or <c>cpu</c>; <c>client</c> for the CLI) and the compute device (<c>cpu</c>, <c>cuda:0</c>).
/// </summary>
public sealed record SiloIdentity(string ServiceName, string SiloRole, string Device);
