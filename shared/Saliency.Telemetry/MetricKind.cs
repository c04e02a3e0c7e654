namespace Saliency.Telemetry;

/// <summary>OpenTelemetry instrument kind of a metric (decides its Prometheus suffixes).</summary>
public enum MetricKind
{
    /// <summary>Monotonic counter: Prometheus appends <c>_total</c>.</summary>
    Counter,

    /// <summary>Explicit-bucket histogram: Prometheus series <c>_bucket</c>, <c>_sum</c>, <c>_count</c>.</summary>
    Histogram,

    /// <summary>Observable gauge: one sample per label set.</summary>
    Gauge,
}
