using System.Text.Json;
using System.Text.Json.Serialization;
using Saliency.Core;

namespace Saliency.Core.Data.Samples;

/// <summary>
/// The samples file written by <c>saliency select</c> and read by the benchmark: which patches of which patch set
/// were selected for which model, and how. JSON with camelCase names; <see cref="Samples"/> ascend by index.
/// </summary>
public sealed record SampleSelection
{
    public const int CurrentFormatVersion = 1;

    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>Patch-set path as given when selecting.</summary>
    public required string PatchSet { get; init; }

    /// <summary>SHA-256 of the patch-set file, lower-case hex (check it before using the indices).</summary>
    public required string PatchSetSha256 { get; init; }

    /// <summary>Model path as given when selecting.</summary>
    public required string Model { get; init; }

    /// <summary>SHA-256 of the model file, lower-case hex.</summary>
    public required string ModelSha256 { get; init; }

    /// <summary>Minimum softmax probability of the (correct) predicted class.</summary>
    public required double MinConfidence { get; init; }

    /// <summary>Seed and validation fraction of the split the candidates came from.</summary>
    public required ulong SplitSeed { get; init; }

    public required double ValidationFraction { get; init; }

    /// <summary>Number of validation patches with a defect label that were considered.</summary>
    public required int Candidates { get; init; }

    public required IReadOnlyList<SelectedSample> Samples { get; init; }

    private static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Number of selected samples per label, ascending by label.</summary>
    public IReadOnlyList<(int Label, int Count)> CountsByLabel() =>
        [.. Samples.GroupBy(s => s.Label).OrderBy(g => g.Key).Select(g => (g.Key, g.Count()))];

    public void Save(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(path, JsonSerializer.Serialize(this, JsonOptions));
    }

    /// <exception cref="InputException">Missing file, malformed JSON or missing fields, newer format.</exception>
    public static SampleSelection Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputException("samples file not found", path);
        }

        SampleSelection? selection;
        try
        {
            selection = JsonSerializer.Deserialize<SampleSelection>(File.ReadAllText(path), JsonOptions);
        }
        catch (JsonException e)
        {
            throw new InputException($"malformed samples file: {e.Message}", path, inner: e);
        }

        if (selection is null)
        {
            throw new InputException("samples file is empty (null)", path);
        }

        if (selection.FormatVersion > CurrentFormatVersion)
        {
            throw new InputException($"samples format version {selection.FormatVersion} is newer than {CurrentFormatVersion}", path, field: "formatVersion");
        }

        if (selection.Samples.Any(s => s is null))
        {
            throw new InputException("null entry in samples", path, field: "samples");
        }

        return selection;
    }
}
