using Saliency.Core.Methods;

namespace Saliency.Reporting.Analysis;

/// <summary>Readable labels of variant ids for plots: <c>SmoothGrad(batched=true,n=50)</c> becomes
/// <c>SmoothGrad n=50 batched</c>; <c>batched=false</c> is left out, other parameters read <c>key=value</c>.</summary>
public static class VariantLabels
{
    public static string Short(string variantId)
    {
        MethodVariant variant;
        try
        {
            variant = MethodVariant.Parse(variantId);
        }
        catch (Saliency.Core.InputException)
        {
            return variantId;
        }

        var parts = new List<string> { variant.Method };
        bool batched = false;
        foreach (var (key, value) in variant.Parameters)
        {
            if (key.Equals("batched", StringComparison.OrdinalIgnoreCase))
            {
                batched = value.Equals("true", StringComparison.OrdinalIgnoreCase);
            }
            else
            {
                parts.Add($"{key}={value}");
            }
        }

        if (batched)
        {
            parts.Add("batched");
        }

        return string.Join(" ", parts);
    }

    /// <summary>The parameters part of a variant id as lines of <c>key=value</c> (empty for a plain method).</summary>
    public static IReadOnlyList<string> ParameterLines(string variantId)
    {
        try
        {
            return [.. MethodVariant.Parse(variantId).Parameters.Select(p => $"{p.Key}={p.Value}")];
        }
        catch (Saliency.Core.InputException)
        {
            return [];
        }
    }
}
