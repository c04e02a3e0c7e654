using Saliency.Core.Methods;

namespace Saliency.Core.Metrics.Catalogue;

/// <summary>
/// The work one metric does for one map, in the units of <see cref="MethodCost"/>: its own forward passes and the
/// inputs they carry (no backward: metrics only read probabilities), how many times it re-runs the saliency method
/// that made the map (<see cref="Explanations"/>, the sanity check), and how many noisy linear imputations it
/// solves on the CPU (<see cref="Imputations"/>, ROAD; not network work, so outside
/// <see cref="MethodCost.ForwardEquivalents"/>: docs/metrics.md gives their measured time). The metric tests check
/// the passes, explanations and imputations against what each computation really counts, so these are exact.
/// </summary>
public sealed record MetricCost(int ForwardPasses, long ForwardInputs, int Explanations, int Imputations)
{
    /// <summary>No network work (the pointing games).</summary>
    public static MetricCost None { get; } = new(0, 0, 0, 0);

    /// <summary>
    /// The network passes of the metric for a map made by a method whose explanation costs
    /// <paramref name="explanation"/>: its own forwards plus <see cref="Explanations"/> times the method's passes.
    /// </summary>
    public MethodCost Total(MethodCost explanation)
    {
        ArgumentNullException.ThrowIfNull(explanation);
        return new MethodCost(
            ForwardPasses + (Explanations * explanation.ForwardPasses),
            ForwardInputs + (Explanations * explanation.ForwardInputs),
            Explanations * explanation.BackwardPasses,
            Explanations * explanation.BackwardInputs);
    }

    /// <summary>Forward passes over <paramref name="inputs"/> inputs, at most <paramref name="batch"/> per pass.</summary>
    public static MetricCost Forwards(int inputs, int batch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputs);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        return new MetricCost((inputs + batch - 1) / batch, inputs, 0, 0);
    }
}
