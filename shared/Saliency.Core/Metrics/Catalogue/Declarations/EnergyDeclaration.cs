namespace Saliency.Core.Metrics.Catalogue.Declarations;

/// <summary>
/// The study's energy-based pointing game (<see cref="PointingGame"/>): one value per normalisation of the sweep,
/// from the normalised map and the defect mask, no network pass.
/// </summary>
public static class EnergyDeclaration
{
    public const string Value = "energy";

    public static MetricDeclaration Metric { get; } = new(
        "energy",
        MetricFamily.Localisation,
        "energy-based pointing game: fraction of the saliency on the defect (higher is better)",
        [],
        _ => [Value],
        _ => MetricCost.None);
}
