using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Saliency.Core.Benchmark;
using Saliency.Core.IO;

namespace Saliency.Torch.Benchmark;

/// <summary>
/// Writes a results folder (docs/results-format.md): <c>rows.csv</c> as results arrive (flushed per map), raw maps
/// of the first <c>mapSamples</c> samples under <c>maps/&lt;sample&gt;/</c> (<c>image.png</c>, <c>mask.png</c>,
/// <c>&lt;variant-id&gt;.npy</c>), and on <see cref="Complete"/> <c>table3.csv</c>/<c>table3.md</c>,
/// <c>fps.csv</c> and <c>run.json</c>.
/// </summary>
public sealed class BenchResultsWriter : IDisposable
{
    private readonly string _folder;
    private readonly int _mapSamples;
    private readonly StreamWriter _rowsFile;
    private readonly List<BenchRow> _rows = [];
    private readonly HashSet<int> _mapped = [];

    public BenchResultsWriter(string folder, int mapSamples = 4)
    {
        _folder = folder;
        _mapSamples = mapSamples;
        Directory.CreateDirectory(folder);
        _rowsFile = new StreamWriter(Path.Combine(folder, "rows.csv"), append: false, new System.Text.UTF8Encoding(false));
        _rowsFile.WriteLine(BenchRowsCsv.Header);
    }

    public IReadOnlyList<BenchRow> Rows => _rows;

    public void Add(BenchResult result)
    {
        foreach (var row in result.Rows())
        {
            _rows.Add(row);
            _rowsFile.WriteLine(BenchRowsCsv.Format(row));
        }

        _rowsFile.Flush();
        var patch = result.Patch;
        if (_mapped.Contains(patch.Index) || _mapped.Count < _mapSamples)
        {
            var dir = Path.Combine(_folder, "maps", patch.Index.ToString(CultureInfo.InvariantCulture));
            if (_mapped.Add(patch.Index))
            {
                Directory.CreateDirectory(dir);
                ImageIO.WritePng(Path.Combine(dir, "image.png"), new GrayImage(patch.Width, patch.Height, patch.Pixels));
                var mask = patch.Mask.Select(m => m == 0 ? (byte)0 : (byte)255).ToArray();
                ImageIO.WritePng(Path.Combine(dir, "mask.png"), new GrayImage(patch.Width, patch.Height, mask));
            }

            NpyFile.WriteFloat32(Path.Combine(dir, result.Variant.Id + ".npy"), result.Saliency.Map, patch.Height, patch.Width);
        }
    }

    /// <summary>Writes the summary tables and <c>run.json</c> (the given description plus the end time).</summary>
    public void Complete(JsonObject run)
    {
        _rowsFile.Flush();
        var table3 = BenchTables.MedianDistance(_rows);
        File.WriteAllText(Path.Combine(_folder, "table3.csv"), BenchTables.Table3Csv(table3));
        File.WriteAllText(Path.Combine(_folder, "table3.md"), BenchTables.Table3Markdown(table3));
        File.WriteAllText(Path.Combine(_folder, "fps.csv"), BenchTables.SpeedCsv(BenchTables.Speed(_rows)));
        run["end"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        File.WriteAllText(Path.Combine(_folder, "run.json"), run.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    public void Dispose() => _rowsFile.Dispose();
}
