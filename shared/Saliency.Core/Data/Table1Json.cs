using System.Globalization;
using System.Text.Json;
using Saliency.Core;

namespace Saliency.Core.Data;

/// <summary>
/// Reads <c>table1.json</c> as written by the data preparation (PatchCountTable.ToJson): <c>"dataset"</c>,
/// <c>"class_names"</c> (optional: files written before it lack it; labels then read "class k"), counts
/// under the class keys <c>"1"</c>..<c>"K"</c>, <c>"none"</c>, <c>"multiple"</c>, and <c>"dropped_background"</c>;
/// <c>"total"</c> and <c>"percent"</c> are recomputed rather than trusted.
/// </summary>
public static class Table1Json
{
    public const string FileName = "table1.json";

    /// <summary>The Table 1 file <c>data prepare</c> writes beside a patch set: <c>&lt;patch set&gt;.table1.json</c>.</summary>
    public static string SidecarOf(string patchSetPath) => patchSetPath + ".table1.json";

    /// <summary>The text of the patch set's Table 1 file, checked by <see cref="Read"/>, or null when there is none.</summary>
    /// <exception cref="InputException">The file exists but is not a valid Table 1.</exception>
    public static string? TryReadSidecar(string patchSetPath)
    {
        var path = SidecarOf(patchSetPath);
        if (!File.Exists(path))
        {
            return null;
        }

        Read(path);
        return File.ReadAllText(path);
    }

    /// <exception cref="InputException">Unreadable JSON or a count that is not a non-negative integer.</exception>
    public static DatasetComposition Read(string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InputException($"not valid JSON ({e.Message})", file: path, inner: e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InputException("expected a JSON object", file: path);
            }

            string? dataset = root.TryGetProperty("dataset", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            var classNames = root.TryGetProperty("class_names", out var n) ? ClassNames(n, path) : null;
            var classes = new List<(int Id, string Key, long Count)>();
            CompositionEntry? none = null, multiple = null;
            long? dropped = null;
            foreach (var property in root.EnumerateObject())
            {
                var key = property.Name;
                if (int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var classId))
                {
                    classes.Add((classId, key, Count(property, path)));
                }
                else if (key == "none")
                {
                    none = new CompositionEntry(key, ClassLabels.Display(key, classNames), Count(property, path));
                }
                else if (key == "multiple")
                {
                    multiple = new CompositionEntry(key, ClassLabels.Display(key, classNames), Count(property, path));
                }
                else if (key == "dropped_background")
                {
                    dropped = Count(property, path);
                }
            }

            if (classNames is not null && classNames.Count != classes.Count)
            {
                throw new InputException(
                    $"names {classNames.Count} classes but counts {classes.Count} (keys {string.Join(", ", classes.Select(c => c.Id).Order())})",
                    file: path, field: "class_names");
            }

            var entries = classes.OrderBy(c => c.Id).Select(c => new CompositionEntry(c.Key, ClassLabels.Display(c.Key, classNames), c.Count)).ToList();
            if (none is not null)
            {
                entries.Add(none);
            }

            if (multiple is not null)
            {
                entries.Add(multiple);
            }

            return new DatasetComposition(dataset, entries, dropped, classNames);
        }
    }

    private static IReadOnlyList<string> ClassNames(JsonElement names, string path) =>
        names.ValueKind == JsonValueKind.Array && names.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(e.GetString()))
            ? names.EnumerateArray().Select(e => e.GetString()!).ToList()
            : throw new InputException($"expected an array of class names (strings), got {names}", file: path, field: "class_names");

    private static long Count(JsonProperty property, string path) =>
        property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt64(out var n) && n >= 0
            ? n
            : throw new InputException($"expected a non-negative integer count, got {property.Value}", file: path, field: property.Name);
}
