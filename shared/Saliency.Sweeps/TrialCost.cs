using Saliency.Contracts;
using Saliency.Core.Methods;

namespace Saliency.Sweeps;

/// <summary>
/// What one sample of a trial costs, in single-input forward-pass units: the method's passes from the catalogue's
/// cost model (<see cref="MethodDeclaration.Cost"/>, exact for a given target) plus the prediction forward every
/// shard makes to pick the target class. The scheduler orders shards by it (longest first, so the expensive ones do
/// not end up alone at the tail of a sweep); the pool simulation turns it into service time. It never affects results.
/// </summary>
public static class TrialCost
{
    /// <summary>The passes of one sample: the method's and the prediction forward.</summary>
    public static MethodCost Passes(TrialSpec trial) =>
        MethodCatalogue.Bind(new MethodVariant(trial.Method, trial.Parameters.Select(p => KeyValuePair.Create(p.Name, p.Value))))
            is var values ? values.Method.Cost(values).PlusForwards(1) : throw new InvalidOperationException();

    /// <summary>Forward-pass equivalents of one sample (<see cref="MethodCost.ForwardEquivalents"/> of <see cref="Passes"/>).</summary>
    public static double PerSample(TrialSpec trial) => Passes(trial).ForwardEquivalents;
}
