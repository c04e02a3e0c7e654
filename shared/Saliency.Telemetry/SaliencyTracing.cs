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

    /// <summary>
    /// Orleans' activity sources (grain calls); a process that listens to them and enables activity propagation on
    /// its silo or client builder (<c>AddActivityPropagation()</c>) carries trace context through grain calls.
    /// </summary>
    public static IReadOnlyList<string> OrleansActivitySources { get; } = ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"];

    /// <summary>The activity source.</summary>
    public static ActivitySource Source { get; } = new(ActivitySourceName);

    /// <summary>
    /// Starts the span of one CLI command (<c>saliency.cli.sweep.submit</c>, ...) with the sweep id, when known, as
    /// the attribute <c>saliency.sweep.id</c>; null when nobody listens. Grain calls made inside it carry its context
    /// (Orleans activity propagation), so the cluster's spans of the command join its trace.
    /// </summary>
    public static Activity? StartCliCommand(string command, string? sweepId)
    {
        var activity = Source.StartActivity("saliency.cli." + command, ActivityKind.Client);
        if (sweepId is not null)
        {
            activity?.SetTag("saliency.sweep.id", sweepId);
        }

        return activity;
    }

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

    /// <summary>
    /// Starts the span of one method's maps over a shard on a device; null when nobody listens. Its parent is
    /// <paramref name="parent"/> when given (e.g. the shard span, from the device executor's thread, where
    /// <see cref="Activity.Current"/> does not flow), else <see cref="Activity.Current"/>.
    /// </summary>
    public static Activity? StartMethod(string method, string device, ActivityContext parent = default)
    {
        var activity = Source.StartActivity("saliency.method", ActivityKind.Internal, parent);
        activity?.SetTag(MetricLabels.Method, method);
        activity?.SetTag(MetricLabels.Device, device);
        return activity;
    }
}
