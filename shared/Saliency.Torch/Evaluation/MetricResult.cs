using Saliency.Core.Metrics.Catalogue;
using Saliency.Torch.Methods;

namespace Saliency.Torch.Evaluation;

/// <summary>
/// What one metric computed for one map: its values in the catalogue's order
/// (<see cref="MetricSettings.Values"/>), the forward passes it made (<see cref="Passes"/>, each a batch), the
/// explanations it re-ran (sanity check) and the imputations it solved (ROAD), and the wall time including the copy
/// of the results to the host (device synchronised).
/// </summary>
public sealed record MetricResult(
    MetricVariant Variant,
    IReadOnlyList<MetricValue> Values,
    IReadOnlyList<NetworkPass> Passes,
    int Explanations,
    int Imputations,
    double Seconds)
{
    /// <summary>The value named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">The metric produced no value of that name.</exception>
    public double Value(string name)
    {
        foreach (var v in Values)
        {
            if (v.Name == name)
            {
                return v.Value;
            }
        }

        throw new KeyNotFoundException($"{Variant.Id} produced no value '{name}'; it produced {string.Join(", ", Values.Select(v => v.Name))}");
    }

    /// <summary>The work this computation really did, in the units of the catalogue's cost model.</summary>
    public MetricCost Cost => new(Passes.Count, Passes.Sum(p => (long)p.Batch), Explanations, Imputations);
}
