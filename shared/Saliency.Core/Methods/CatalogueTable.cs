using System.Text;

namespace Saliency.Core.Methods;

/// <summary>
/// The catalogue as a Markdown table, one row per parameter: what <c>saliency methods</c> prints and what
/// docs/methods.md embeds (a test keeps the two equal).
/// </summary>
public static class CatalogueTable
{
    public static string Markdown()
    {
        var text = new StringBuilder("| method | parameter | accepts | default | batching only | meaning |\n|---|---|---|---|---|---|\n");
        foreach (var method in MethodCatalogue.Methods)
        {
            if (method.Parameters.Count == 0)
            {
                text.Append($"| {method.Name} | - | | | | {method.Description} |\n");
            }

            foreach (var p in method.Parameters)
            {
                text.Append($"| {method.Name} | `{p.Name}` | {p.Accepts.Replace("|", "\\|", StringComparison.Ordinal)} | `{p.Default}` | {(p.BatchingOnly ? "yes" : string.Empty)} | {p.Description} |\n");
            }
        }

        return text.ToString();
    }
}
