using Saliency.Core.Benchmark;

namespace Saliency.Reporting.Analysis;

/// <summary>
/// Groups method variants that differ only in how they batch their passes: same method and same parameters once the
/// batching parameters (<see cref="BatchingParameters"/>: SmoothGrad's <c>batched</c>, ScoreCAM's <c>batch</c>) are
/// left out. Such variants compute the same maps at different speeds; Fig. 5a joins them with a line.
/// </summary>
public static class VariantFamilies
{
    /// <summary>Parameter names that change only the batching, not the map.</summary>
    public static IReadOnlySet<string> BatchingParameters { get; } =
        new HashSet<string>(["batched", "batch", "batch_size"], StringComparer.OrdinalIgnoreCase);

    /// <summary>The family key of a variant id: its method and non-batching parameters.</summary>
    public static string Key(string variantId)
    {
        var variant = MethodVariant.Parse(variantId);
        var rest = variant.Parameters.Where(p => !BatchingParameters.Contains(p.Key));
        return new MethodVariant(variant.Method, rest).Id;
    }

    /// <summary>Families of two or more variants, each in the order given, families in order of first member.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Group(IEnumerable<string> variantIds) =>
        [.. variantIds
            .GroupBy(Key, StringComparer.Ordinal)
            .Where(g => g.Count() >= 2)
            .Select(g => (IReadOnlyList<string>)[.. g])];
}
