using System.Globalization;

namespace Saliency.Core.Metrics;

/// <summary>
/// A saliency-map normalisation: a <see cref="Rectifier"/> followed by min-max scaling to [0, 1] in which the maximum
/// is taken at the <see cref="Percentile"/>-th percentile of the rectified map:
/// <c>s = clip((r - min) / (q - min), 0, 1)</c> with <c>r</c> the rectified value, <c>min</c> the minimum and
/// <c>q</c> the percentile of the rectified map (numpy's linear rule, see <see cref="Stats.PercentileRule"/>).
/// Values above <c>q</c> are clipped to 1.
/// <para>Degenerate range, <c>q == min</c> (a constant map; or, at percentile 99, a map of which more than 1% of
/// pixels share the minimum, e.g. a ReLU map that is mostly zero): the limit of the formula as <c>q</c> approaches
/// <c>min</c> from above is used, i.e. pixels equal to <c>min</c> give 0 and pixels above it give 1. A constant map
/// therefore normalises to all zeros, never NaN.</para>
/// <para>Names are <c>{Rectifier}-{Percentile}</c>, e.g. <c>All-100</c>, <c>ReLU-99</c>.</para>
/// </summary>
public sealed record Normalisation
{
    /// <param name="rectifier">The rectifier applied first.</param>
    /// <param name="percentile">The percentile taken as the maximum, in (0, 100].</param>
    public Normalisation(Rectifier rectifier, double percentile)
    {
        if (!Enum.IsDefined(rectifier))
        {
            throw new ArgumentOutOfRangeException(nameof(rectifier), rectifier, "unknown rectifier");
        }

        if (!(percentile > 0 && percentile <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "percentile must be in (0, 100]");
        }

        Rectifier = rectifier;
        Percentile = percentile;
    }

    /// <summary>The six normalisations of the study's Table 3, in its order: All-100, Abs-100, ReLU-100, All-99, Abs-99, ReLU-99.</summary>
    public static IReadOnlyList<Normalisation> Table3 { get; } =
    [
        new(Rectifier.All, 100), new(Rectifier.Abs, 100), new(Rectifier.ReLU, 100),
        new(Rectifier.All, 99), new(Rectifier.Abs, 99), new(Rectifier.ReLU, 99),
    ];

    public Rectifier Rectifier { get; }

    public double Percentile { get; }

    /// <summary>Canonical name, e.g. <c>Abs-99</c>.</summary>
    public string Name => $"{Rectifier}-{Percentile.ToString("R", CultureInfo.InvariantCulture)}";

    /// <summary>Parses a name such as <c>Abs-99</c> (rectifier case-insensitive).</summary>
    /// <exception cref="InputException">Not a valid normalisation name (field <c>normalisation</c>).</exception>
    public static Normalisation Parse(string name) =>
        TryParse(name, out var result)
            ? result
            : throw new InputException(
                $"'{name}' is not a normalisation: expected RECTIFIER-PERCENTILE with RECTIFIER one of All, Abs, ReLU and PERCENTILE in (0, 100], e.g. ReLU-99",
                field: "normalisation");

    /// <summary>Parses a name such as <c>Abs-99</c>; false when it is not valid.</summary>
    public static bool TryParse(string? name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Normalisation? result)
    {
        result = null;
        if (string.IsNullOrWhiteSpace(name))
        {
            return false;
        }

        int dash = name.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0
            || !Enum.TryParse<Rectifier>(name.AsSpan(0, dash), ignoreCase: true, out var rectifier)
            || !Enum.IsDefined(rectifier)
            || char.IsDigit(name[0])
            || !double.TryParse(name.AsSpan(dash + 1), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percentile)
            || !(percentile > 0 && percentile <= 100))
        {
            return false;
        }

        result = new Normalisation(rectifier, percentile);
        return true;
    }

    /// <summary>Normalises a row-major map into a new array (see the type's remarks for the rule).</summary>
    /// <exception cref="ArgumentException">The map is empty or contains NaN or infinity.</exception>
    public float[] Apply(ReadOnlySpan<float> map)
    {
        var result = new float[map.Length];
        Apply(map, result);
        return result;
    }

    /// <summary>Normalises a row-major map into <paramref name="destination"/> (same length; may not overlap it).</summary>
    /// <exception cref="ArgumentException">The map is empty, contains NaN or infinity, or the lengths differ.</exception>
    public void Apply(ReadOnlySpan<float> map, Span<float> destination)
    {
        if (destination.Length != map.Length)
        {
            throw new ArgumentException($"destination has {destination.Length} values, map has {map.Length}", nameof(destination));
        }

        var ranges = new MapRanges(map);
        NormalisationRange range;
        try
        {
            range = ranges.RangeOf(this);
        }
        finally
        {
            ranges.Dispose();
        }

        for (int i = 0; i < map.Length; i++)
        {
            destination[i] = (float)range.Scale(Rectify(Rectifier, map[i]));
        }
    }

    public override string ToString() => Name;

    internal static double Rectify(Rectifier rectifier, float x) => rectifier switch
    {
        Rectifier.Abs => Math.Abs(x),
        Rectifier.ReLU => Math.Max(x, 0f),
        _ => x,
    };
}
