using Saliency.Core;
using Saliency.Core.Metrics.Catalogue;

namespace Saliency.Torch.Evaluation;

/// <summary>
/// The torch computations of the catalogue's faithfulness and sanity metrics (<see cref="MetricCatalogue"/>): name
/// -> constructor. The pointing games (<see cref="MetricFamily.Localisation"/>) need no network and are computed by
/// <c>Saliency.Core.Metrics.PointingGame</c>. The catalogue validates a variant; the computation only reads its
/// bound settings, so whatever the catalogue (and with it a sweep file) accepts, <see cref="Create(MetricVariant)"/>
/// accepts.
/// </summary>
public static class MetricComputations
{
    private static readonly Dictionary<string, Func<MetricSettings, MetricComputation>> Implementations =
        new(StringComparer.Ordinal)
        {
            ["deletion"] = s => new Deletion(s),
            ["insertion"] = s => new Insertion(s),
            ["road"] = s => new Road(s),
            ["sanity"] = s => new ModelRandomisation(s),
        };

    /// <summary>Names of the metrics with a torch computation (the tests check these are exactly the catalogue's non-localisation metrics).</summary>
    public static IReadOnlyCollection<string> Implemented => Implementations.Keys;

    /// <summary>Creates the computation of a variant after the catalogue has validated it.</summary>
    /// <exception cref="InputException">Unknown metric or parameter, a bad value, or a pointing game (no torch computation).</exception>
    public static MetricComputation Create(MetricVariant variant)
    {
        var settings = MetricCatalogue.Bind(variant);
        if (settings.Metric.Family == MetricFamily.Localisation)
        {
            throw new InputException($"{settings.Metric.Name} is a pointing game: it is scored from the mask by PointingGame, not computed with the model", field: "metric");
        }

        return Implementations.TryGetValue(settings.Metric.Name, out var create)
            ? create(settings)
            : throw new InvalidOperationException($"{settings.Metric.Name} is in the catalogue but has no torch computation");
    }

    /// <summary>Creates the computation of a metric as a sweep writes it, e.g. <c>deletion(steps=50)</c>.</summary>
    public static MetricComputation Create(string id) => Create(MetricVariant.Parse(id));
}
