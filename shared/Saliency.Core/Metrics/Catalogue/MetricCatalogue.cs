using Saliency.Core.Metrics.Catalogue.Declarations;

namespace Saliency.Core.Metrics.Catalogue;

/// <summary>
/// Every metric a sweep can select, in the report's order: the pointing games (Table 3), the faithfulness metrics,
/// the sanity check. Names match case-insensitively and are written in the catalogue's spelling (lower case). To
/// add a metric: declare it in <c>Declarations/</c>, list it here, and (unless it is a pointing game) give the torch
/// factory (<c>Saliency.Torch.Evaluation.MetricComputations</c>) its computation; the tests then enrol it.
/// </summary>
public static class MetricCatalogue
{
    public static IReadOnlyList<MetricDeclaration> Metrics { get; } =
    [
        DistanceDeclaration.Metric,
        EnergyDeclaration.Metric,
        DeletionDeclaration.Metric,
        InsertionDeclaration.Metric,
        RoadDeclaration.Metric,
        SanityDeclaration.Metric,
    ];

    /// <summary>What a sweep computes when it names no metric: the two pointing games.</summary>
    public static IReadOnlyList<MetricVariant> Default { get; } = [new("distance"), new("energy")];

    /// <summary>
    /// The metrics of <paramref name="ids"/> that need the model (every family but the pointing games, which are
    /// scored from the mask and always computed), in the given order: what a work grain computes next to each map.
    /// </summary>
    /// <exception cref="InputException">An id that does not bind.</exception>
    public static IReadOnlyList<string> WithModel(IEnumerable<string> ids) =>
        [.. ids.Select(Bind).Where(s => s.Metric.Family != MetricFamily.Localisation).Select(s => s.Variant.Id)];

    /// <summary>The declaration of <paramref name="name"/> (case-insensitive), or null.</summary>
    public static MetricDeclaration? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Metrics.FirstOrDefault(m => string.Equals(m.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The declaration of <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="InputException">Unknown metric; the message lists the known ones; field <c>metric</c>.</exception>
    public static MetricDeclaration Get(string name) =>
        Find(name) ?? throw new InputException(
            $"unknown metric '{name}'; known: {string.Join(", ", Metrics.Select(m => m.Name))}", field: "metric");

    /// <summary>Validates a variant and binds it (catalogue spelling, canonical values).</summary>
    /// <exception cref="InputException">Unknown metric or parameter, or a bad value.</exception>
    public static MetricSettings Bind(MetricVariant variant)
    {
        ArgumentNullException.ThrowIfNull(variant);
        return Get(variant.Metric).Bind(variant.Parameters);
    }

    /// <summary>Parses and binds a metric as a sweep writes it, e.g. <c>road(order=most,step=20)</c>.</summary>
    /// <exception cref="InputException">Malformed text, unknown metric or parameter, or a bad value.</exception>
    public static MetricSettings Bind(string id) => Bind(MetricVariant.Parse(id));

    /// <summary>
    /// The family of a variant: its metric and parameters without the batching-only ones. Variants of one family
    /// compute the same values at different speeds. Unknown metrics keep every parameter.
    /// </summary>
    public static MetricVariant Family(MetricVariant variant)
    {
        ArgumentNullException.ThrowIfNull(variant);
        var metric = Find(variant.Metric);
        return metric is null
            ? variant
            : new MetricVariant(variant.Metric, variant.Parameters.Where(p => metric.Parameter(p.Key)?.BatchingOnly != true));
    }
}
