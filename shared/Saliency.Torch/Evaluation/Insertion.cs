using Saliency.Core.Metrics;
using Saliency.Core.Metrics.Catalogue;
using Saliency.Core.Metrics.Catalogue.Declarations;
using static TorchSharp.torch;

namespace Saliency.Torch.Evaluation;

/// <summary>
/// Insertion AUC (Petsiuk et al. 2018): the target probability as the most salient pixels are revealed on the
/// replacement image, step by step (<see cref="PerturbationCurve"/>), integrated by the trapezoid rule over the fraction
/// revealed (0 to 1), so the value lies in [0, 1]. Higher is better. K + 1 forwards in ceil((K + 1) / batch) passes.
/// </summary>
public sealed class Insertion : MetricComputation
{
    private readonly int _steps;
    private readonly int _batch;
    private readonly string _replacement;
    private readonly double _sigma;
    private readonly bool _absolute;

    internal Insertion(MetricSettings settings)
        : base(settings)
    {
        _steps = settings.Int(InsertionDeclaration.Steps);
        _batch = settings.Int(InsertionDeclaration.Batch);
        _replacement = settings.Choice(InsertionDeclaration.Replacement);
        _sigma = settings.Real(InsertionDeclaration.Sigma);
        _absolute = settings.Choice(InsertionDeclaration.Rank) == PerturbationParameters.AbsoluteRank;
    }

    private protected override IReadOnlyList<MetricValue> Compute(MetricInput input)
    {
        using var replacement = Replacement.For(input.Input, _replacement, _sigma);
        var probabilities = PerturbationCurve.Probabilities(input, replacement, _absolute, _steps, _batch, deletion: false);
        var fractions = PerturbationCurve.Fractions(input.Height * input.Width, _steps);
        return [new MetricValue(InsertionDeclaration.Auc, CurveArea.Trapezoid(fractions, probabilities))];
    }
}
