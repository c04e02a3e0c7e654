using Saliency.Core.Methods;

namespace Saliency.Core.Metrics.Catalogue;

/// <summary>
/// A metric as the catalogue declares it, without any tensor code: its name (as a sweep's <c>metrics:</c> list
/// spells it), its family (what it needs and where the report shows it), what it computes, its parameters (the
/// method catalogue's <see cref="MethodParameter"/>: the only place their valid values are stated), the names of
/// the values it produces per map, and its cost model (the work per map, from its parameters). Sweep validation,
/// the scheduler's cost, the torch computations and the docs' table derive from this one record.
/// </summary>
public sealed record MetricDeclaration(
    string Name,
    MetricFamily Family,
    string Description,
    IReadOnlyList<MethodParameter> Parameters,
    Func<MetricSettings, IReadOnlyList<string>> ValueModel,
    Func<MetricSettings, MetricCost> CostModel)
{
    /// <summary>The parameter named <paramref name="name"/> (exact spelling), or null.</summary>
    public MethodParameter? Parameter(string name) => Parameters.FirstOrDefault(p => p.Name == name);

    /// <summary>
    /// Validates <paramref name="parameters"/> (names and values) against the declaration and returns them bound and
    /// canonical.
    /// </summary>
    /// <exception cref="InputException">An unknown parameter (listing the valid ones) or a bad value (naming the
    /// parameter and what it accepts); <see cref="InputException.Field"/> is <c>metric.parameter</c>.</exception>
    public MetricSettings Bind(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var canonical = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, raw) in parameters)
        {
            var parameter = Parameter(name) ?? throw new InputException(
                Parameters.Count == 0
                    ? $"{Name} takes no parameters"
                    : $"unknown parameter '{name}'; {Name} takes {string.Join(", ", Parameters.Select(p => $"{p.Name} ({p.Accepts}, default {p.Default})"))}",
                field: $"{Name}.{name}");
            canonical[name] = parameter.Canonicalize(raw, out var error)
                ?? throw new InputException($"{error} ({parameter.Description})", field: $"{Name}.{name}");
        }

        return new MetricSettings(this, canonical);
    }

    /// <summary>The names of the values one map gets with these settings (unique within the metric).</summary>
    public IReadOnlyList<string> ValueNames(MetricSettings settings) => ValueModel(Own(settings));

    /// <summary>The work per map with these settings.</summary>
    public MetricCost Cost(MetricSettings settings) => CostModel(Own(settings));

    private MetricSettings Own(MetricSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return ReferenceEquals(settings.Metric, this)
            ? settings
            : throw new ArgumentException($"settings of {settings.Metric.Name} given to {Name}", nameof(settings));
    }
}
