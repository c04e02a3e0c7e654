using Saliency.Core;
using Saliency.Core.Methods;

namespace Saliency.Reporting.Analysis;

/// <summary>
/// Groups method variants that differ only in how they batch their passes (the parameters the catalogue marks
/// <see cref="MethodParameter.BatchingOnly"/>: SmoothGrad's <c>batched</c>, ScoreCAM's and IntegratedGradients'
/// <c>batch</c>). Such variants compute the same maps at different speeds; Fig. 5a joins them with a line.
/// </summary>
public static class VariantFamilies
{
    /// <summary>The family key of a variant id: its method and non-batching parameters (the id itself when it does not parse).</summary>
    public static string Key(string variantId)
    {
        try
        {
            return MethodCatalogue.Family(MethodVariant.Parse(variantId)).Id;
        }
        catch (InputException)
        {
            return variantId;
        }
    }

    /// <summary>Families of two or more variants, each in the order given, families in order of first member.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Group(IEnumerable<string> variantIds) =>
        [.. variantIds
            .GroupBy(Key, StringComparer.Ordinal)
            .Where(g => g.Count() >= 2)
            .Select(g => (IReadOnlyList<string>)[.. g])];
}
