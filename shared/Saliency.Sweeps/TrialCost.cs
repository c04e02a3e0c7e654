using Saliency.Contracts;
using Saliency.Core.Methods;
using Saliency.Core.Metrics.Catalogue;

namespace Saliency.Sweeps;

/// <summary>
/// What one sample of a trial costs, in single-input forward-pass units: the method's passes from the catalogue's
/// cost model (<see cref="MethodDeclaration.Cost"/>, exact for a given target) plus the prediction forward every
/// shard makes to pick the target class, and with a sweep's metrics their cost too. The scheduler orders shards by it (longest first, so the expensive ones do
/// not end up alone at the tail of a sweep); the pool simulation turns it into service time. It never affects results.
/// </summary>
public static class TrialCost
{
    /// <summary>The passes of one sample: the method's and the prediction forward.</summary>
    public static MethodCost Passes(TrialSpec trial) =>
        MethodCatalogue.Bind(new MethodVariant(trial.Method, trial.Parameters.Select(p => KeyValuePair.Create(p.Name, p.Value))))
            is var values ? values.Method.Cost(values).PlusForwards(1) : throw new InvalidOperationException();

    /// <summary>
    /// The passes of one sample with the sweep's <paramref name="metrics"/>: the method's, the prediction forward, and
    /// each model metric's (<see cref="MetricCost.Total"/>: its own forwards and its re-explanations; the pointing
    /// games cost nothing).
    /// </summary>
    public static MethodCost Passes(TrialSpec trial, IReadOnlyList<string> metrics)
    {
        var method = Passes(trial);
        var explanation = method.PlusForwards(-1);
        return MetricCatalogue.WithModel(metrics).Select(id => MetricCatalogue.Bind(id).Cost.Total(explanation))
            .Aggregate(method, (sum, m) => new MethodCost(
                sum.ForwardPasses + m.ForwardPasses, sum.ForwardInputs + m.ForwardInputs, sum.BackwardPasses + m.BackwardPasses, sum.BackwardInputs + m.BackwardInputs));
    }

    /// <summary>Forward-pass equivalents of one sample (<see cref="MethodCost.ForwardEquivalents"/> of <see cref="Passes(TrialSpec)"/>).</summary>
    public static double PerSample(TrialSpec trial) => Passes(trial).ForwardEquivalents;

    /// <summary>Forward-pass equivalents of one sample with the sweep's metrics.</summary>
    public static double PerSample(TrialSpec trial, IReadOnlyList<string> metrics) => Passes(trial, metrics).ForwardEquivalents;
}
