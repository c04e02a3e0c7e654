using System.Text.Json;
using Saliency.Core.Data;

namespace Saliency.Core.Results;

/// <summary>
/// A results folder as written by <c>saliency bench</c> and <c>saliency sweep results</c> (docs/results-format.md):
/// the rows of <c>rows.csv</c> (required), Table 1 from <c>table1.json</c> (optional), the run description
/// <c>run.json</c> (optional, shown as is) and the <c>maps/</c> sample folders (optional, for Fig. 3).
/// </summary>
public sealed class ResultsFolder
{
    private ResultsFolder(string path, IReadOnlyList<ResultRow> rows, DatasetComposition? composition, string? runJson, IReadOnlyList<MapSample> maps)
    {
        Path = path;
        Rows = rows;
        Composition = composition;
        RunJson = runJson;
        Maps = maps;
    }

    /// <summary>Full path of the folder.</summary>
    public string Path { get; }

    public IReadOnlyList<ResultRow> Rows { get; }

    /// <summary>Table 1 of the patch set, when <c>table1.json</c> exists.</summary>
    public DatasetComposition? Composition { get; }

    /// <summary>The text of <c>run.json</c> (indented), when it exists.</summary>
    public string? RunJson { get; }

    /// <summary><c>run.json</c> read as a <see cref="RunDescription"/>, when it is one.</summary>
    public RunDescription? Run => RunJson is null ? null : RunDescription.Read(RunJson);

    /// <summary>The model-metric values of <c>metrics.csv</c> (empty when the folder has none).</summary>
    public IReadOnlyList<MetricRow> Metrics { get; private init; } = [];

    /// <summary>The map folders, in the order their samples first appear in <see cref="Rows"/> (others after, by name).</summary>
    public IReadOnlyList<MapSample> Maps { get; }

    /// <exception cref="InputException">The folder or its rows.csv is missing or malformed, or rows.csv has no rows.</exception>
    public static ResultsFolder Open(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!Directory.Exists(full))
        {
            throw new InputException("results folder not found", file: full);
        }

        var rows = RowsCsv.Read(System.IO.Path.Combine(full, RowsCsv.FileName));
        if (rows.Count == 0)
        {
            throw new InputException("no result rows (only a header)", file: System.IO.Path.Combine(full, RowsCsv.FileName));
        }

        var table1 = System.IO.Path.Combine(full, Table1Json.FileName);
        var composition = File.Exists(table1) ? Table1Json.Read(table1) : null;
        var run = System.IO.Path.Combine(full, RunDescription.FileName);
        var runJson = File.Exists(run) ? Indented(run) : null;
        var metricsFile = System.IO.Path.Combine(full, MetricsCsv.FileName);
        var metrics = File.Exists(metricsFile) ? MetricsCsv.Read(metricsFile) : [];
        return new ResultsFolder(full, rows, composition, runJson, ReadMaps(full, rows)) { Metrics = metrics };
    }

    private static string Indented(string path)
    {
        var text = File.ReadAllText(path);
        try
        {
            using var document = JsonDocument.Parse(text);
            return JsonSerializer.Serialize(document.RootElement, new JsonSerializerOptions { WriteIndented = true });
        }
        catch (JsonException)
        {
            return text;
        }
    }

    private static List<MapSample> ReadMaps(string folder, IReadOnlyList<ResultRow> rows)
    {
        var mapsDir = System.IO.Path.Combine(folder, "maps");
        if (!Directory.Exists(mapsDir))
        {
            return [];
        }

        var order = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            order.TryAdd(row.Sample.ToString(System.Globalization.CultureInfo.InvariantCulture), order.Count);
        }

        var samples = new List<MapSample>();
        foreach (var dir in Directory.GetDirectories(mapsDir))
        {
            var image = System.IO.Path.Combine(dir, "image.png");
            var mask = System.IO.Path.Combine(dir, "mask.png");
            if (!File.Exists(image) || !File.Exists(mask))
            {
                continue;
            }

            var variants = Directory.GetFiles(dir, "*.npy")
                .ToDictionary(f => System.IO.Path.GetFileNameWithoutExtension(f), f => f, StringComparer.Ordinal);
            samples.Add(new MapSample(System.IO.Path.GetFileName(dir), image, mask, variants));
        }

        return [.. samples
            .OrderBy(s => order.TryGetValue(s.Name, out var i) ? i : int.MaxValue)
            .ThenBy(s => s.Name, StringComparer.Ordinal)];
    }
}
