namespace Saliency.Telemetry;

/// <summary>
/// The Prometheus series of Orleans' own meter (<c>Microsoft.Orleans</c>) that the dashboards use. They carry no
/// saliency labels, only the scrape's <c>job</c> and <c>instance</c> (one instance per silo). The telemetry tests
/// check each name against the scrape of a running silo, so an Orleans upgrade that renames one fails a test.
/// </summary>
public static class OrleansMetrics
{
    public const string MeterName = "Microsoft.Orleans";

    public const string Activations = "orleans_catalog_activations";
    public const string RingSize = "orleans_consistent_ring_size";
    public const string AppRequestLatencyBucket = "orleans_app_requests_latency_milliseconds_bucket";
    public const string HealthChecks = "orleans_watchdog_health_checks_total";
    public const string AvailableMemory = "orleans_runtime_available_memory_megabytes";

    /// <summary>Every series above.</summary>
    public static IReadOnlyList<string> UsedByDashboards { get; } =
        [Activations, RingSize, AppRequestLatencyBucket, HealthChecks, AvailableMemory];

    /// <summary>Labels every scraped series has (added by Prometheus or the collector from the resource).</summary>
    public static IReadOnlyList<string> TargetLabels { get; } = ["job", "instance"];
}
