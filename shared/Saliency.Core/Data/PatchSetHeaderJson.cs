using System.Text.Json;
using System.Text.Json.Serialization;

namespace Saliency.Core.Data;

/// <summary>The JSON form of a <see cref="PatchSetHeader"/> inside a patch-set file, with its validation.</summary>
internal sealed class PatchSetHeaderJson
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    [JsonPropertyName("dataset")]
    public string? Dataset { get; set; }

    [JsonPropertyName("classNames")]
    public List<string>? ClassNames { get; set; }

    [JsonPropertyName("patchWidth")]
    public int PatchWidth { get; set; }

    [JsonPropertyName("patchHeight")]
    public int PatchHeight { get; set; }

    [JsonPropertyName("count")]
    public int Count { get; set; }

    [JsonPropertyName("options")]
    public SortedDictionary<string, string>? Options { get; set; }

    [JsonPropertyName("sources")]
    public List<string>? Sources { get; set; }

    public static byte[] Serialize(PatchSetDescription description, int count, IReadOnlyList<string> sources) =>
        JsonSerializer.SerializeToUtf8Bytes(
            new PatchSetHeaderJson
            {
                Dataset = description.Dataset,
                ClassNames = [.. description.ClassNames],
                PatchWidth = description.PatchWidth,
                PatchHeight = description.PatchHeight,
                Count = count,
                Options = new SortedDictionary<string, string>(description.Options.ToDictionary(), StringComparer.Ordinal),
                Sources = [.. sources],
            },
            Json);

    /// <exception cref="InputException">The JSON is malformed or a field is missing or out of range.</exception>
    public static PatchSetHeader Deserialize(ReadOnlySpan<byte> utf8, int version, string file)
    {
        PatchSetHeaderJson? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize<PatchSetHeaderJson>(utf8, Json);
        }
        catch (JsonException e)
        {
            throw new InputException($"patch-set header is not valid JSON ({e.Message})", file, field: "header", inner: e);
        }

        if (parsed is null)
        {
            throw new InputException("patch-set header is empty", file, field: "header");
        }

        string Need(string? value, string name) =>
            string.IsNullOrEmpty(value) ? throw new InputException($"patch-set header lacks '{name}'", file, field: "header") : value;

        var dataset = Need(parsed.Dataset, "dataset");
        if (parsed.ClassNames is null || parsed.ClassNames.Count is 0 or >= PatchLabels.Multiple)
        {
            throw new InputException("patch-set header needs 1..254 'classNames'", file, field: "header");
        }

        if (parsed.PatchWidth <= 0 || parsed.PatchHeight <= 0 || (long)parsed.PatchWidth * parsed.PatchHeight > int.MaxValue)
        {
            throw new InputException($"patch-set header has invalid patch size {parsed.PatchWidth}x{parsed.PatchHeight}", file, field: "header");
        }

        if (parsed.Count < 0)
        {
            throw new InputException($"patch-set header has negative count {parsed.Count}", file, field: "header");
        }

        if (parsed.Sources is null)
        {
            throw new InputException("patch-set header lacks 'sources'", file, field: "header");
        }

        var description = new PatchSetDescription(
            dataset,
            parsed.ClassNames,
            parsed.PatchWidth,
            parsed.PatchHeight,
            parsed.Options ?? new SortedDictionary<string, string>(StringComparer.Ordinal));
        return new PatchSetHeader(description, parsed.Count, version, parsed.Sources);
    }
}
