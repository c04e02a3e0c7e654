using System.Diagnostics;

namespace Saliency.Telemetry;

/// <summary>
/// Traces of the saliency cluster: one span per shard (<see cref="StartShard"/>) with a child span per method
/// (<see cref="StartMethod"/>). Ids (sweep, trial, shard) are span attributes, never metric labels.
/// </summary>
public static class SaliencyTracing
{
    /// <summary>Name of the activity source to enable in the OpenTelemetry tracer provider.</summary>
    public const string ActivitySourceName = "Saliency.Cluster";

    /// <summary>The activity source.</summary>
    public static ActivitySource Source { get; } = new(ActivitySourceName);

    /// <summary>Starts the span of one shard of one trial; null when nobody listens.</summary>
    public static Activity? StartShard(string sweepId, string trialId, int shardIndex, int sampleCount)
    {
        var activity = Source.StartActivity("saliency.shard", ActivityKind.Internal);
        activity?.SetTag("saliency.sweep.id", sweepId);
        activity?.SetTag("saliency.trial.id", trialId);
        activity?.SetTag("saliency.shard.index", shardIndex);
        activity?.SetTag("saliency.shard.samples", sampleCount);
        return activity;
    }

    /// <summary>Starts the span of one method's maps over a shard on a device; null when nobody listens.</summary>
    public static Activity? StartMethod(string method, string device)
    {
        var activity = Source.StartActivity("saliency.method", ActivityKind.Internal);
        activity?.SetTag(MetricLabels.Method, method);
        activity?.SetTag(MetricLabels.Device, device);
        return activity;
    }
}
