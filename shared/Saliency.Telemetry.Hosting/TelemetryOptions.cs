namespace Saliency.Telemetry.Hosting;

/// <summary>
/// Configuration section <c>Telemetry</c> of a silo host (env: <c>Telemetry__HttpEndpoint</c>, ...). OTLP export is
/// configured by the standard <c>OTEL_*</c> variables instead (on when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set).
/// </summary>
public sealed class TelemetryOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Telemetry";

    /// <summary>
    /// URL the HTTP endpoint (<c>/healthz</c>, <c>/readyz</c>, <c>/metrics</c>) listens on. Loopback by default
    /// (development); Kubernetes sets <c>http://0.0.0.0:8080</c> so that probes and scrapers reach the pod.
    /// Empty disables the endpoint.
    /// </summary>
    public string HttpEndpoint { get; set; } = "http://127.0.0.1:8080";

    /// <summary>Serve the Prometheus scrape endpoint <c>/metrics</c> (the development path; production uses OTLP).</summary>
    public bool Prometheus { get; set; } = true;
}
