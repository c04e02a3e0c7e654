namespace Saliency.Telemetry;

/// <summary>
/// The only label (tag) keys the saliency metrics use. All have a small, fixed set of values. Sample, trial, shard
/// and sweep ids are never labels (unbounded cardinality): they belong on trace spans.
/// </summary>
public static class MetricLabels
{
    /// <summary>Method variant id, e.g. <c>gradcam</c> or <c>smoothgrad-n50</c>.</summary>
    public const string Method = "method";

    /// <summary>Compute device, e.g. <c>cpu</c> or <c>cuda:0</c>.</summary>
    public const string Device = "device";

    /// <summary>Silo role: <c>gpu</c> (work silos) or <c>cpu</c> (coordination silos).</summary>
    public const string SiloRole = "silo_role";

    /// <summary>Saliency-map normalisation the score was computed under.</summary>
    public const string Normalisation = "normalisation";

    /// <summary>Every label key above.</summary>
    public static IReadOnlyList<string> All { get; } = [Method, Device, SiloRole, Normalisation];
}
