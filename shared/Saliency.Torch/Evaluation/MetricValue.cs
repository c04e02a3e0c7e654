namespace Saliency.Torch.Evaluation;

/// <summary>
/// One value a metric produced for one map, named as the catalogue declares it (<c>deletion_auc</c>,
/// <c>road_morf_10</c>, <c>sanity_ssim_layer4</c>). NaN when undefined for this map (e.g. a Spearman correlation
/// with a constant map); docs/metrics.md says when each value can be undefined.
/// </summary>
public readonly record struct MetricValue(string Name, double Value);
