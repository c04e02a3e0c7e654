using System.Globalization;

namespace Saliency.Sweeps;

/// <summary>
/// One parameter a method accepts: its kind, bounds or choices, and the default the method uses when a sweep file
/// leaves it out. Variant ids carry only the parameters the file gives (in canonical form: <c>true</c>/<c>false</c>,
/// shortest round-trip numbers), the same ids <c>saliency bench</c> writes, so the two can be compared row by row.
/// </summary>
public sealed record ParameterSchema(
    string Name,
    ParameterKind Kind,
    string Default,
    double Min = double.NegativeInfinity,
    double Max = double.PositiveInfinity,
    IReadOnlyList<string>? Choices = null,
    string? Description = null)
{
    /// <summary>Canonical text of a valid value, or null with <paramref name="error"/> saying what is wrong.</summary>
    public string? Canonicalize(string raw, out string? error)
    {
        error = null;
        switch (Kind)
        {
            case ParameterKind.Integer:
                if (!long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i))
                {
                    error = $"'{raw}' is not a whole number";
                    return null;
                }

                if (i < Min || i > Max)
                {
                    error = $"{i} is outside [{Bound(Min)}, {Bound(Max)}]";
                    return null;
                }

                return i.ToString(CultureInfo.InvariantCulture);
            case ParameterKind.Real:
                if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || !double.IsFinite(d))
                {
                    error = $"'{raw}' is not a number";
                    return null;
                }

                if (d < Min || d > Max)
                {
                    error = $"{raw} is outside [{Bound(Min)}, {Bound(Max)}]";
                    return null;
                }

                return d.ToString("R", CultureInfo.InvariantCulture);
            case ParameterKind.Boolean:
                if (bool.TryParse(raw, out var b))
                {
                    return b ? "true" : "false";
                }

                error = $"'{raw}' is not true or false";
                return null;
            default:
                var match = Choices?.FirstOrDefault(c => string.Equals(c, raw, StringComparison.OrdinalIgnoreCase));
                if (match is null)
                {
                    error = $"'{raw}' is not one of {string.Join(", ", Choices ?? [])}";
                }

                return match;
        }
    }

    private static string Bound(double v) => v.ToString(CultureInfo.InvariantCulture);
}
