using System.Globalization;
using System.Text;
using Saliency.Core.Data;
using Saliency.Core.IO;

namespace Saliency.Core.Results;

/// <summary>
/// Writes a results folder (docs/results-format.md), the one writer of bench and sweep results: <c>rows.csv</c> as
/// rows arrive (flushed per <see cref="Add"/>), raw maps under <c>maps/&lt;sample&gt;/</c> (<c>image.png</c>,
/// <c>mask.png</c>, <c>&lt;variant-id&gt;.npy</c>), and on <see cref="Complete"/> the summary tables
/// (<see cref="ResultTables"/>), <c>table1.json</c>, <c>run.json</c> and, when model metrics were computed,
/// <c>metrics.csv</c> with its medians (<see cref="MetricMedians"/>). Rows are written to a temporary file that
/// replaces <c>rows.csv</c> on completion, so an interrupted run never leaves a results folder that looks finished
/// but is not, and a complete earlier folder in the same place stays readable until then.
/// </summary>
public sealed class ResultsFolderWriter : IDisposable
{
    private readonly string _rowsTemp;
    private readonly StreamWriter _rowsFile;
    private readonly List<ResultRow> _rows = [];
    private readonly List<MetricRow> _metrics = [];
    private readonly HashSet<string> _mapSamples = new(StringComparer.Ordinal);
    private bool _completed;

    public ResultsFolderWriter(string folder)
    {
        Folder = Path.GetFullPath(folder);
        Directory.CreateDirectory(Folder);
        _rowsTemp = Path.Combine(Folder, $"{AtomicFile.TemporaryPrefix}{RowsCsv.FileName}-{Guid.NewGuid():N}");
        _rowsFile = new StreamWriter(_rowsTemp, append: false, new UTF8Encoding(false));
        _rowsFile.Write(RowsCsv.Header + "\n");
    }

    public string Folder { get; }

    public IReadOnlyList<ResultRow> Rows => _rows;

    /// <summary>The model-metric rows added so far (written as <c>metrics.csv</c> on <see cref="Complete"/>).</summary>
    public IReadOnlyList<MetricRow> Metrics => _metrics;

    /// <summary>The samples that have a <c>maps/</c> folder so far.</summary>
    public int MapSampleCount => _mapSamples.Count;

    public void Add(IEnumerable<ResultRow> rows)
    {
        foreach (var row in rows)
        {
            _rows.Add(row);
            _rowsFile.Write(RowsCsv.Line(row) + "\n");
        }

        _rowsFile.Flush();
    }

    /// <summary>Adds model-metric values (faithfulness, sanity) of maps whose rows are added with <see cref="Add"/>.</summary>
    public void AddMetrics(IEnumerable<MetricRow> rows) => _metrics.AddRange(rows);

    /// <summary>
    /// Writes one raw map of <paramref name="sample"/> (H x W float32, row-major) as <c>maps/&lt;sample&gt;/&lt;variant&gt;.npy</c>;
    /// the first map of a sample also writes its patch (<c>image.png</c>) and defect mask (<c>mask.png</c>, non-zero = 255).
    /// </summary>
    public void AddMap(int sample, GrayImage patch, byte[] mask, string variantId, float[] map)
    {
        var dir = Path.Combine(Folder, "maps", sample.ToString(CultureInfo.InvariantCulture));
        if (_mapSamples.Add(dir))
        {
            Directory.CreateDirectory(dir);
            ImageIO.WritePng(Path.Combine(dir, "image.png"), patch);
            ImageIO.WritePng(Path.Combine(dir, "mask.png"), new GrayImage(patch.Width, patch.Height, [.. mask.Select(m => m == 0 ? (byte)0 : (byte)255)]));
        }

        NpyFile.WriteFloat32(Path.Combine(dir, variantId + ".npy"), map, patch.Height, patch.Width);
    }

    /// <summary>Writes one file of <c>maps/&lt;sample&gt;/</c> as given (a map, <c>image.png</c> or <c>mask.png</c> stored elsewhere, e.g. a sweep's artifacts).</summary>
    public void AddMapFile(int sample, string fileName, byte[] content)
    {
        if (fileName.Length == 0 || fileName.Contains('/', StringComparison.Ordinal) || fileName.StartsWith('.'))
        {
            throw new ArgumentException($"'{fileName}' is not a file name", nameof(fileName));
        }

        var dir = Path.Combine(Folder, "maps", sample.ToString(CultureInfo.InvariantCulture));
        _mapSamples.Add(dir);
        Directory.CreateDirectory(dir);
        File.WriteAllBytes(Path.Combine(dir, fileName), content);
    }

    /// <summary>Publishes <c>rows.csv</c> and writes the summary tables, <c>table1.json</c> (when known) and <c>run.json</c>.</summary>
    public void Complete(RunDescription run, string? table1Json = null)
    {
        _rowsFile.Flush();
        _rowsFile.Dispose();
        File.Move(_rowsTemp, Path.Combine(Folder, RowsCsv.FileName), overwrite: true);
        _completed = true;
        ResultTables.Write(Folder, _rows);
        if (_metrics.Count > 0)
        {
            AtomicFile.WriteAllText(Path.Combine(Folder, MetricsCsv.FileName), MetricsCsv.Write(_metrics));
            AtomicFile.WriteAllText(Path.Combine(Folder, MetricMedians.FileName), MetricMedians.Csv(MetricMedians.FromRows(_metrics)));
        }
        if (table1Json is not null)
        {
            AtomicFile.WriteAllText(Path.Combine(Folder, Table1Json.FileName), table1Json);
        }

        AtomicFile.WriteAllText(Path.Combine(Folder, RunDescription.FileName), run.ToJson());
    }

    public void Dispose()
    {
        _rowsFile.Dispose();
        if (!_completed && File.Exists(_rowsTemp))
        {
            // Keep what was computed: an interrupted run leaves its rows as rows.partial.csv beside any earlier rows.csv.
            File.Move(_rowsTemp, Path.Combine(Folder, "rows.partial.csv"), overwrite: true);
        }
    }
}
