using System.Globalization;

namespace Saliency.Core.Methods;

/// <summary>
/// One parameter a saliency method accepts: kind, bounds or choices, default and meaning. This is the only place a
/// parameter's valid values are stated: sweep validation, the torch factory, <c>explain</c>/<c>bench</c> and the
/// docs all go through <see cref="Canonicalize"/>, so a value one of them accepts every other accepts too.
/// <see cref="BatchingOnly"/> marks parameters that change how the passes are batched but not the map (variants
/// that differ only in them form a family: the same maps at different speeds).
/// </summary>
public sealed record MethodParameter
{
    private MethodParameter(string name, ParameterKind kind, string defaultValue, string description)
    {
        Name = name;
        Kind = kind;
        Default = defaultValue;
        Description = description;
    }

    public string Name { get; }

    public ParameterKind Kind { get; }

    /// <summary>The value used when a variant leaves the parameter out (canonical text).</summary>
    public string Default { get; }

    public string Description { get; }

    /// <summary>Lower bound (Integer, Real); exclusive when <see cref="MinExclusive"/>.</summary>
    public double Min { get; private init; } = double.NegativeInfinity;

    public bool MinExclusive { get; private init; }

    /// <summary>Upper bound (Integer, Real), inclusive.</summary>
    public double Max { get; private init; } = double.PositiveInfinity;

    /// <summary>The words a Choice parameter accepts, in their canonical spelling.</summary>
    public IReadOnlyList<string> Choices { get; private init; } = [];

    /// <summary>True when the parameter only changes batching, never the map.</summary>
    public bool BatchingOnly { get; private init; }

    public static MethodParameter Integer(string name, int defaultValue, int min, int max, string description, bool batchingOnly = false) =>
        new(name, ParameterKind.Integer, defaultValue.ToString(CultureInfo.InvariantCulture), description)
        {
            Min = min,
            Max = max,
            BatchingOnly = batchingOnly,
        };

    /// <summary>A real parameter in [min, max], or (min, max] when <paramref name="minExclusive"/>.</summary>
    public static MethodParameter Real(string name, double defaultValue, double min, double max, string description, bool minExclusive = false) =>
        new(name, ParameterKind.Real, defaultValue.ToString("R", CultureInfo.InvariantCulture), description)
        {
            Min = min,
            Max = max,
            MinExclusive = minExclusive,
        };

    public static MethodParameter Boolean(string name, bool defaultValue, string description, bool batchingOnly = false) =>
        new(name, ParameterKind.Boolean, defaultValue ? "true" : "false", description) { BatchingOnly = batchingOnly };

    public static MethodParameter Choice(string name, string defaultValue, IReadOnlyList<string> choices, string description) =>
        new(name, ParameterKind.Choice, defaultValue, description) { Choices = choices };

    /// <summary>What the parameter accepts, for messages, help and docs: <c>1..100000</c>, <c>&gt; 0 and &lt;= 10</c>, <c>zero | blur</c>.</summary>
    public string Accepts => Kind switch
    {
        ParameterKind.Integer => $"{Bound(Min)}..{Bound(Max)}",
        ParameterKind.Real when MinExclusive => $"> {Bound(Min)} and <= {Bound(Max)}",
        ParameterKind.Real => $"{Bound(Min)}..{Bound(Max)}",
        ParameterKind.Boolean => "true | false",
        _ => string.Join(" | ", Choices),
    };

    /// <summary>
    /// The canonical text of a valid value (<c>true</c>/<c>false</c>, shortest round-trip numbers, a choice in its
    /// declared spelling), or null with <paramref name="error"/> saying what is wrong.
    /// </summary>
    public string? Canonicalize(string raw, out string? error)
    {
        error = null;
        var text = raw.Trim();
        switch (Kind)
        {
            case ParameterKind.Integer:
                if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i))
                {
                    error = $"'{raw}' is not a whole number";
                    return null;
                }

                if (i < Min || i > Max)
                {
                    error = $"{i.ToString(CultureInfo.InvariantCulture)} is outside {Accepts}";
                    return null;
                }

                return i.ToString(CultureInfo.InvariantCulture);
            case ParameterKind.Real:
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || !double.IsFinite(d))
                {
                    error = $"'{raw}' is not a number";
                    return null;
                }

                if ((MinExclusive ? d <= Min : d < Min) || d > Max)
                {
                    error = $"{text} is outside {Accepts}";
                    return null;
                }

                return d.ToString("R", CultureInfo.InvariantCulture);
            case ParameterKind.Boolean:
                if (bool.TryParse(text, out var b))
                {
                    return b ? "true" : "false";
                }

                error = $"'{raw}' is not true or false";
                return null;
            default:
                var match = Choices.FirstOrDefault(c => string.Equals(c, text, StringComparison.OrdinalIgnoreCase));
                if (match is null)
                {
                    error = $"'{raw}' is not one of {Accepts}";
                }

                return match;
        }
    }

    private static string Bound(double v) => v.ToString(CultureInfo.InvariantCulture);
}
