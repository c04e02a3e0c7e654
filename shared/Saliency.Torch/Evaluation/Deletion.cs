using Saliency.Core.Metrics;
using Saliency.Core.Metrics.Catalogue;
using Saliency.Core.Metrics.Catalogue.Declarations;
using static TorchSharp.torch;

namespace Saliency.Torch.Evaluation;

/// <summary>
/// Deletion AUC (Petsiuk et al. 2018): the target probability as the most salient pixels are replaced, step by step
/// (<see cref="PerturbationCurve"/>), integrated by the trapezoid rule over the fraction removed (0 to 1), so the
/// value lies in [0, 1]. Lower is better. K + 1 forwards in ceil((K + 1) / batch) passes.
/// </summary>
public sealed class Deletion : MetricComputation
{
    private readonly int _steps;
    private readonly int _batch;
    private readonly string _replacement;
    private readonly double _sigma;
    private readonly bool _absolute;

    internal Deletion(MetricSettings settings)
        : base(settings)
    {
        _steps = settings.Int(DeletionDeclaration.Steps);
        _batch = settings.Int(DeletionDeclaration.Batch);
        _replacement = settings.Choice(DeletionDeclaration.Replacement);
        _sigma = settings.Real(DeletionDeclaration.Sigma);
        _absolute = settings.Choice(DeletionDeclaration.Rank) == PerturbationParameters.AbsoluteRank;
    }

    private protected override IReadOnlyList<MetricValue> Compute(MetricInput input)
    {
        using var replacement = Replacement.For(input.Input, _replacement, _sigma);
        var probabilities = PerturbationCurve.Probabilities(input, replacement, _absolute, _steps, _batch, deletion: true);
        var fractions = PerturbationCurve.Fractions(input.Height * input.Width, _steps);
        return [new MetricValue(DeletionDeclaration.Auc, CurveArea.Trapezoid(fractions, probabilities))];
    }
}
