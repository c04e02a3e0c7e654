using System.Globalization;
using System.Text.Json;
using Saliency.Contracts;
using Saliency.Core;
using Saliency.Storage;

namespace Saliency.Grains.Gpu;

/// <summary>
/// Resolves a selection from its samples file: the JSON written by <c>saliency select</c> (the <c>index</c> of
/// each entry of <c>samples</c>) or plain text with one patch index per line (<c>#</c> starts a comment). The
/// selection's <see cref="SampleSelectionSpec.Limit"/> keeps the first N indices in ascending order. Rule-based
/// selections (no file) need the patch set and the model and are resolved by the silo's EngineSampleSource.
/// </summary>
/// <param name="files">Resolves a <c>store:</c> reference of the samples file (default: local paths only).</param>
public sealed class FileSampleSource(StoreReferenceResolver? files = null) : ISampleSource
{
    public IReadOnlyList<int> Resolve(string dataPath, string modelPath, SampleSelectionSpec selection, string device)
    {
        var file = (files ?? StoreReferenceResolver.LocalOnly).LocalPath(
            selection.File ?? throw new InputException("this silo resolves samples from a samples file only; give samples.file", field: "samples"));
        var indices = Read(file).Distinct().Order().ToList();
        return selection.Limit > 0 ? indices.Take(selection.Limit).ToList() : indices;
    }

    public static IReadOnlyList<int> Read(string file)
    {
        if (!File.Exists(file))
        {
            throw new InputException("samples file not found", file);
        }

        var text = File.ReadAllText(file);
        if (text.TrimStart().StartsWith('{'))
        {
            using var doc = JsonDocument.Parse(text);
            if (!doc.RootElement.TryGetProperty("samples", out var samples) || samples.ValueKind != JsonValueKind.Array)
            {
                throw new InputException("expected a 'samples' array", file, field: "samples");
            }

            return samples.EnumerateArray().Select(s => s.GetProperty("index").GetInt32()).ToList();
        }

        var result = new List<int>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Split('#')[0].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            result.Add(int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var v)
                ? v
                : throw new InputException($"'{line}' is not a patch index", file, i + 1, "index"));
        }

        return result;
    }
}
