using System.Text;

namespace Saliency.Core.Metrics.Catalogue;

/// <summary>
/// The metric catalogue as Markdown tables: one row per parameter, and one row per metric with its values and cost
/// at the defaults. docs/metrics.md embeds both (a test keeps them equal).
/// </summary>
public static class MetricCatalogueTable
{
    /// <summary>One row per parameter (metrics without parameters get one row).</summary>
    public static string Parameters()
    {
        var text = new StringBuilder("| metric | parameter | accepts | default | batching only | meaning |\n|---|---|---|---|---|---|\n");
        foreach (var metric in MetricCatalogue.Metrics)
        {
            if (metric.Parameters.Count == 0)
            {
                text.Append($"| {metric.Name} | - | | | | {metric.Description} |\n");
            }

            foreach (var p in metric.Parameters)
            {
                text.Append($"| {metric.Name} | `{p.Name}` | {p.Accepts.Replace("|", "\\|", StringComparison.Ordinal)} | `{p.Default}` | {(p.BatchingOnly ? "yes" : string.Empty)} | {p.Description} |\n");
            }
        }

        return text.ToString();
    }

    /// <summary>One row per metric at its defaults: family, values per map, forward passes and inputs, explanations, imputations.</summary>
    public static string Defaults()
    {
        var text = new StringBuilder("| metric | family | values per map (defaults) | forward passes | forward inputs | explanations | imputations |\n|---|---|---|---|---|---|---|\n");
        foreach (var metric in MetricCatalogue.Metrics)
        {
            var settings = metric.Bind([]);
            var values = settings.Values;
            var shown = values.Count <= 4 ? string.Join(", ", values.Select(v => $"`{v}`")) : $"`{values[0]}` ... `{values[^1]}` ({values.Count})";
            var cost = settings.Cost;
            text.Append($"| {metric.Name} | {metric.Family} | {shown} | {cost.ForwardPasses} | {cost.ForwardInputs} | {cost.Explanations} | {cost.Imputations} |\n");
        }

        return text.ToString();
    }
}
