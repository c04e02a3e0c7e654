using System.Globalization;

namespace Saliency.Core.Data;

/// <summary>
/// How full Severstal images are cut into patches (the paper's protocol). Each 1600x256 image loses
/// <see cref="CropLeft"/> and <see cref="CropRight"/> columns (1600 - 64 = 1536) and is cut into 1536/256 = 6
/// square patches of <see cref="PatchSize"/> pixels. A pixel is background when its grey value (0-255) is strictly
/// below <see cref="BlackThreshold"/>; a patch whose background share is strictly above
/// <see cref="MaxBackgroundFraction"/> is dropped (and counted as dropped).
/// </summary>
public sealed record PatchingOptions
{
    /// <summary>Columns removed at the left edge (default 32).</summary>
    public int CropLeft { get; init; } = 32;

    /// <summary>Columns removed at the right edge (default 32).</summary>
    public int CropRight { get; init; } = 32;

    /// <summary>Side of a square patch in pixels (default 256).</summary>
    public int PatchSize { get; init; } = 256;

    /// <summary>Grey values below this are black background (default 10, on 0-255).</summary>
    public int BlackThreshold { get; init; } = 10;

    /// <summary>Largest kept background share in [0, 1] (default 0.95); patches above it are dropped.</summary>
    public double MaxBackgroundFraction { get; init; } = 0.95;

    /// <summary>The options with their defaults (the paper's values).</summary>
    public static PatchingOptions Default { get; } = new();

    /// <summary>Throws <see cref="InputException"/> naming the option when a value is out of range.</summary>
    public void Validate()
    {
        if (CropLeft < 0 || CropRight < 0)
        {
            throw new InputException("crop must be >= 0", field: "crop");
        }

        if (PatchSize <= 0)
        {
            throw new InputException("patch size must be > 0", field: "patch-size");
        }

        if (BlackThreshold is < 0 or > 256)
        {
            throw new InputException($"black threshold {BlackThreshold} is outside 0..256", field: "black-threshold");
        }

        if (double.IsNaN(MaxBackgroundFraction) || MaxBackgroundFraction is < 0 or > 1)
        {
            throw new InputException($"max background {MaxBackgroundFraction} is outside [0, 1]", field: "max-background");
        }
    }

    /// <summary>The options as name/value strings, as stored in a patch-set header.</summary>
    public IReadOnlyDictionary<string, string> ToDictionary() => new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["cropLeft"] = CropLeft.ToString(CultureInfo.InvariantCulture),
        ["cropRight"] = CropRight.ToString(CultureInfo.InvariantCulture),
        ["patchSize"] = PatchSize.ToString(CultureInfo.InvariantCulture),
        ["blackThreshold"] = BlackThreshold.ToString(CultureInfo.InvariantCulture),
        ["maxBackgroundFraction"] = MaxBackgroundFraction.ToString("R", CultureInfo.InvariantCulture),
    };
}
