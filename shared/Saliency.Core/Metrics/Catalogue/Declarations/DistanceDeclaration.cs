namespace Saliency.Core.Metrics.Catalogue.Declarations;

/// <summary>
/// The study's distance-based pointing game (<see cref="PointingGame"/>): one value per normalisation of the sweep,
/// from the normalised map and the defect mask, no network pass.
/// </summary>
public static class DistanceDeclaration
{
    public const string Value = "distance";

    public static MetricDeclaration Metric { get; } = new(
        "distance",
        MetricFamily.Localisation,
        "distance-based pointing game: saliency on the defect against all saliency weighted by distance to it (higher is better)",
        [],
        _ => [Value],
        _ => MetricCost.None);
}
