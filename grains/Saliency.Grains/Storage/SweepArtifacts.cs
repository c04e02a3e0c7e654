using System.Globalization;

namespace Saliency.Grains.Storage;

/// <summary>
/// Names of a sweep's artifacts in the result store: <c>table1.json</c> (the composition of its data set) and, for
/// the sweep's first <c>map_samples</c> samples, <c>maps/SAMPLE/image.png</c>, <c>maps/SAMPLE/mask.png</c> and one
/// raw map per trial, <c>maps/SAMPLE/TRIAL.npy</c> (trial ids, not variant ids, so the names are valid object keys).
/// </summary>
public static class SweepArtifacts
{
    public const string Table1 = "table1.json";
    public const string MapsFolder = "maps/";
    public const string Image = "image.png";
    public const string Mask = "mask.png";

    public static string SampleFolder(int sample) => MapsFolder + sample.ToString(CultureInfo.InvariantCulture) + "/";

    public static string Map(int sample, string trialId) => SampleFolder(sample) + trialId + ".npy";

    /// <summary>Parses <c>maps/SAMPLE/FILE</c> into its sample and file name; null for anything else.</summary>
    public static (int Sample, string File)? ParseMapFile(string name)
    {
        var parts = name.Split('/');
        return parts.Length == 3 && parts[0] + "/" == MapsFolder && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var sample)
            ? (sample, parts[2])
            : null;
    }
}
