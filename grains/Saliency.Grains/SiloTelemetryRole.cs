namespace Saliency.Grains;

/// <summary>
/// The silo role (<c>gpu</c> or <c>cpu</c>) as the metrics label it (<c>silo_role</c>). Registered by the silo's
/// role setup; grains that find none report <see cref="Unknown"/>.
/// </summary>
public sealed record SiloTelemetryRole(string Name)
{
    /// <summary>Label value when no role was registered (a test silo without role setup).</summary>
    public const string Unknown = "unknown";
}
