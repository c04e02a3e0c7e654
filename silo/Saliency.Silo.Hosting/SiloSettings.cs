namespace Saliency.Silo.Hosting;

/// <summary>
/// Silo settings (configuration section <c>Saliency:Silo</c>; environment variables override appsettings.json,
/// e.g. <c>Saliency__Silo__Role=cpu</c>).
/// </summary>
public sealed class SiloSettings
{
    public const string Section = "Saliency:Silo";

    /// <summary><c>gpu</c> (hosts work grains and the device executor) or <c>cpu</c> (orchestration only).</summary>
    public string Role { get; set; } = "gpu";

    /// <summary>
    /// <c>localhost</c> (development: silos on one machine, the one on <see cref="PrimarySiloPort"/> is the primary),
    /// <c>redis</c> (production: membership in Redis at <see cref="Redis"/>).
    /// </summary>
    public string Clustering { get; set; } = "localhost";

    public string ClusterId { get; set; } = "saliency-dev";

    public string ServiceId { get; set; } = "saliency";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>Silo port of the primary silo (localhost clustering only).</summary>
    public int PrimarySiloPort { get; set; } = 11111;

    /// <summary>Address other silos and clients reach this silo at (e.g. the pod IP); empty = loopback/first address.</summary>
    public string AdvertisedIP { get; set; } = string.Empty;

    /// <summary>
    /// Redis clustering: listen on every interface (the default; in a pod the pod's own) or only on
    /// <see cref="AdvertisedIP"/> (several silos on one host, each with its own loopback address).
    /// </summary>
    public bool ListenOnAnyHostAddress { get; set; } = true;

    /// <summary>Redis connection string (redis clustering; the reminder table lives there too).</summary>
    public string Redis { get; set; } = string.Empty;

    /// <summary>
    /// How often a running sweep's wake-up reminder fires (seconds, default 60): the longest a sweep waits to be
    /// continued on another silo after the silo coordinating it is lost with nobody polling it.
    /// </summary>
    public int SweepWakeUpSeconds { get; set; } = 60;
}
