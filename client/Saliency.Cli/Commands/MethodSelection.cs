using Saliency.Core.Methods;
using Saliency.Torch.Methods;

namespace Saliency.Cli.Commands;

/// <summary>The method variants a <c>--methods</c> / <c>--method</c> list selects (bench, bench-methods, explain).</summary>
internal static class MethodSelection
{
    /// <summary>all (default when empty), paper, method names or variant ids; duplicates once.</summary>
    public static IReadOnlyList<MethodVariant> Variants(string[]? selections) =>
        selections is null || selections.Length == 0
            ? MethodCatalogue.AllVariants
            : selections.SelectMany(SaliencyMethods.Select).Distinct().ToList();
}
