using Saliency.Core.Methods;

namespace Saliency.Core.Metrics.Catalogue.Declarations;

/// <summary>
/// Insertion (Petsiuk et al. 2018, RISE): start from the replacement image (blurred by default) and reveal the
/// input's pixels in the map's order, most salient first, in K equal steps; the area under the target-class
/// probability curve over the fraction revealed. Higher is better. K + 1 forwards (fraction 0 to 1).
/// </summary>
public static class InsertionDeclaration
{
    public const string Auc = "insertion_auc";

    public static MethodParameter Steps => PerturbationParameters.Steps;

    public static MethodParameter Replacement { get; } = PerturbationParameters.Replacement(PerturbationParameters.BlurReplacement);

    public static MethodParameter Sigma => PerturbationParameters.Sigma;

    public static MethodParameter Rank => PerturbationParameters.Rank;

    public static MethodParameter Batch => PerturbationParameters.Batch;

    public static MetricDeclaration Metric { get; } = new(
        "insertion",
        MetricFamily.Faithfulness,
        "area under the target probability as the most salient pixels are revealed (higher is better)",
        [Steps, Replacement, Sigma, Rank, Batch],
        _ => [Auc],
        s => MetricCost.Forwards(s.Int(Steps) + 1, s.Int(Batch)));
}
