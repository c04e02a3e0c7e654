using System.Globalization;
using Saliency.Core.Methods;

namespace Saliency.Core.Metrics.Catalogue;

/// <summary>
/// A metric variant bound to its declaration: every given parameter is known and valid, values are canonical, and
/// absent parameters read as their defaults. Computations read their settings from here by parameter (never by a
/// string name), so a computation cannot read a parameter its declaration does not state.
/// </summary>
public sealed class MetricSettings
{
    private readonly IReadOnlyDictionary<string, string> _given;

    internal MetricSettings(MetricDeclaration metric, IReadOnlyDictionary<string, string> canonicalGiven)
    {
        Metric = metric;
        _given = canonicalGiven;
        Variant = new MetricVariant(metric.Name, canonicalGiven);
    }

    public MetricDeclaration Metric { get; }

    /// <summary>The variant with the catalogue's spelling of the metric and the given parameters in canonical form.</summary>
    public MetricVariant Variant { get; }

    /// <summary>The names of the values the metric produces per map with these settings.</summary>
    public IReadOnlyList<string> Values => Metric.ValueNames(this);

    /// <summary>The work the metric does per map with these settings.</summary>
    public MetricCost Cost => Metric.Cost(this);

    public int Int(MethodParameter parameter) => int.Parse(Text(parameter, ParameterKind.Integer), CultureInfo.InvariantCulture);

    public double Real(MethodParameter parameter) => double.Parse(Text(parameter, ParameterKind.Real), CultureInfo.InvariantCulture);

    public bool Bool(MethodParameter parameter) => Text(parameter, ParameterKind.Boolean) == "true";

    /// <summary>The chosen word, in the declaration's spelling.</summary>
    public string Choice(MethodParameter parameter) => Text(parameter, ParameterKind.Choice);

    private string Text(MethodParameter parameter, ParameterKind kind)
    {
        if (!Metric.Parameters.Contains(parameter))
        {
            throw new InvalidOperationException($"{Metric.Name} reads parameter '{parameter.Name}', which its declaration does not state");
        }

        if (parameter.Kind != kind)
        {
            throw new InvalidOperationException($"{Metric.Name}.{parameter.Name} is {parameter.Kind}, read as {kind}");
        }

        return _given.TryGetValue(parameter.Name, out var value) ? value : parameter.Default;
    }
}
