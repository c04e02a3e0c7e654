using System.Globalization;
using Saliency.Core;
using Saliency.Core.Benchmark;

namespace Saliency.Torch.Methods;

/// <summary>
/// Typed, validated access to a variant's parameters for a method's factory. Absent parameters take the
/// descriptor's default; malformed or out-of-range values throw <see cref="InputException"/> naming the variant
/// and the parameter.
/// </summary>
public sealed class VariantParameters
{
    private readonly IReadOnlyDictionary<string, ParameterSpec> _specs;

    internal VariantParameters(MethodVariant variant, IReadOnlyList<ParameterSpec> specs)
    {
        Variant = variant;
        _specs = specs.ToDictionary(s => s.Name, StringComparer.Ordinal);
    }

    /// <summary>The variant as created (canonical method name, parameters as given).</summary>
    public MethodVariant Variant { get; }

    public int Int(string name, int min, int max = int.MaxValue)
    {
        var text = Raw(name);
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            throw Bad(name, $"'{text}' is not an integer");
        }

        return value >= min && value <= max ? value : throw Bad(name, $"{value} is outside {min}..{max}");
    }

    public double Double(string name, double minExclusive)
    {
        var text = Raw(name);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw Bad(name, $"'{text}' is not a number");
        }

        return value > minExclusive ? value : throw Bad(name, $"{text} must be > {minExclusive.ToString(CultureInfo.InvariantCulture)}");
    }

    public bool Bool(string name)
    {
        var text = Raw(name);
        return bool.TryParse(text, out var value) ? value : throw Bad(name, $"'{text}' is not true or false");
    }

    /// <summary>One of <paramref name="choices"/> (case-insensitive), returned in the choice's spelling.</summary>
    public string Choice(string name, IReadOnlyCollection<string> choices)
    {
        var text = Raw(name);
        return choices.FirstOrDefault(c => string.Equals(c, text, StringComparison.OrdinalIgnoreCase))
            ?? throw Bad(name, $"'{text}' is not one of {string.Join(", ", choices)}");
    }

    private string Raw(string name)
    {
        if (!_specs.TryGetValue(name, out var spec))
        {
            throw new InvalidOperationException($"{Variant.Method} reads undeclared parameter '{name}'");
        }

        return Variant.Parameters.TryGetValue(name, out var value) ? value : spec.Default;
    }

    private InputException Bad(string name, string problem) =>
        new($"{Variant.Id}: parameter {name}: {problem} ({_specs[name].Description})", field: "method");
}
