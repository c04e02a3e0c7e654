namespace Saliency.Core.Methods;

/// <summary>
/// A saliency method as the catalogue declares it, without any tensor code: its name (the spelling used in variant
/// ids), what it computes, its parameters and its cost model (the passes of one explanation, from its parameters).
/// The torch implementation, sweep validation, the scheduler's cost, report families and colours, CLI help and the
/// docs' tables all derive from this one record.
/// </summary>
public sealed record MethodDeclaration(
    string Name,
    string Description,
    IReadOnlyList<MethodParameter> Parameters,
    Func<ParameterValues, MethodCost> CostModel)
{
    /// <summary>The parameter named <paramref name="name"/> (exact spelling), or null.</summary>
    public MethodParameter? Parameter(string name) => Parameters.FirstOrDefault(p => p.Name == name);

    /// <summary>
    /// Validates <paramref name="parameters"/> (names and values) against the declaration and returns them bound and
    /// canonical.
    /// </summary>
    /// <exception cref="InputException">An unknown parameter (listing the valid ones) or a bad value (naming the
    /// parameter and what it accepts); <see cref="InputException.Field"/> is <c>Method.parameter</c>.</exception>
    public ParameterValues Bind(IEnumerable<KeyValuePair<string, string>> parameters)
    {
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

        return new ParameterValues(this, canonical);
    }

    /// <summary>The passes one explanation with these parameters makes (target given).</summary>
    public MethodCost Cost(ParameterValues values) => CostModel(values);
}
