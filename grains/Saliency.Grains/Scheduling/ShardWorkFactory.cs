using Saliency.Contracts;
using Saliency.Core.Metrics.Catalogue;
using Saliency.Grains.Storage;

namespace Saliency.Grains.Scheduling;

/// <summary>
/// The work of a sweep's shards, made from its manifest (with its samples resolved): the shard's slice of samples, those
/// of them whose raw maps are kept (the first <see cref="SweepSpec.MapSamples"/> of the sweep), and the metrics that
/// need the model, bound through the metric catalogue once per run rather than once per shard.
/// </summary>
public sealed class ShardWorkFactory
{
    private readonly SweepManifest _manifest;
    private readonly HashSet<int> _mapSamples;
    private readonly IReadOnlyList<string>? _modelMetrics;

    public ShardWorkFactory(SweepManifest manifest)
    {
        _manifest = manifest;
        var samples = manifest.Samples ?? throw new ArgumentException($"sweep {manifest.Spec.SweepId}: samples not resolved yet", nameof(manifest));
        _mapSamples = samples.Take(manifest.Spec.MapSamples).ToHashSet();
        var modelMetrics = MetricCatalogue.WithModel(manifest.Spec.Metrics);
        _modelMetrics = modelMetrics.Count == 0 ? null : modelMetrics;
    }

    /// <summary>The work of <paramref name="shard"/>'s next attempt.</summary>
    public ShardWork For(ShardTracker shard)
    {
        var spec = _manifest.Spec;
        var samples = _manifest.ShardSamples(shard.Key.Index);
        return new ShardWork(
            shard.Key, shard.Trial, spec.DataPath, spec.ModelPath, samples, spec.Normalisations, shard.Attempts,
            [.. samples.Where(_mapSamples.Contains)], _modelMetrics);
    }
}
