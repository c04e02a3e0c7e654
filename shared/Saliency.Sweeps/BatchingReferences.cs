using Saliency.Contracts;
using Saliency.Core.Methods;

namespace Saliency.Sweeps;

/// <summary>
/// Under a sweep's <see cref="SweepSpec.TimingSamples"/>, which trial takes its scores from which outside the timing
/// samples: trials that differ only in batching-only parameters (the same maps, see the method catalogue's families)
/// form a family; its reference is the member with the fewest passes (the largest batches: the same maps in the least
/// time), the first listed among equals. The one home of this rule: the sweep grain derives shards by it and the
/// results' notes name the references by it.
/// </summary>
public static class BatchingReferences
{
    /// <summary>Trial id -> the trial whose scores it takes outside the timing samples (absent: computed in full).</summary>
    public static IReadOnlyDictionary<string, TrialSpec> Of(SweepSpec spec)
    {
        var references = new Dictionary<string, TrialSpec>(StringComparer.Ordinal);
        if (spec.TimingSamples <= 0)
        {
            return references;
        }

        foreach (var family in spec.Trials.GroupBy(
            t => MethodCatalogue.Family(new MethodVariant(t.Method, t.Parameters.Select(p => KeyValuePair.Create(p.Name, p.Value)))).Id, StringComparer.Ordinal))
        {
            var reference = family.MinBy(t => TrialCost.Passes(t) is var p ? p.ForwardPasses + p.BackwardPasses : 0)!;
            foreach (var trial in family.Where(t => t.TrialId != reference.TrialId))
            {
                references[trial.TrialId] = reference;
            }
        }

        return references;
    }
}
