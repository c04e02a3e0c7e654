using Saliency.Core.Methods;

namespace Saliency.Core.Metrics.Catalogue.Declarations;

/// <summary>
/// Deletion (Petsiuk et al. 2018, RISE): remove the pixels in the map's order, most salient first, in K equal steps;
/// the area under the target-class probability curve over the fraction removed. Lower is better (the probability
/// falls fast when the map ranks the pixels the model uses first). K + 1 forwards (fraction 0 to 1).
/// </summary>
public static class DeletionDeclaration
{
    public const string Auc = "deletion_auc";

    public static MethodParameter Steps => PerturbationParameters.Steps;

    public static MethodParameter Replacement { get; } = PerturbationParameters.Replacement(PerturbationParameters.ZeroReplacement);

    public static MethodParameter Sigma => PerturbationParameters.Sigma;

    public static MethodParameter Rank => PerturbationParameters.Rank;

    public static MethodParameter Batch => PerturbationParameters.Batch;

    public static MetricDeclaration Metric { get; } = new(
        "deletion",
        MetricFamily.Faithfulness,
        "area under the target probability as the most salient pixels are removed (lower is better)",
        [Steps, Replacement, Sigma, Rank, Batch],
        _ => [Auc],
        s => MetricCost.Forwards(s.Int(Steps) + 1, s.Int(Batch)));
}
