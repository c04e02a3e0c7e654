using System.Text.RegularExpressions;
using Saliency.Core.Data;
using Saliency.Core.Data.Samples;
using Saliency.Core.IO;
using Saliency.Core.Metrics;
using Saliency.Core.Results;
using Saliency.TestFixtures;
using Saliency.Torch.Training;
using SkiaSharp;

namespace Saliency.Cli.Tests;

/// <summary>The report drawn from a small real <c>saliency bench</c> run (issue 5).</summary>
public sealed class BenchReportTests
{
    private static (int Code, string Stdout, string Stderr) Run(params string[] args) => CliRunner.Run(args);

    [Fact]
    public void Report_from_a_real_bench_run_shows_every_method_and_normalisation_and_links_only_existing_files()
    {
        using var dir = new TempDir();
        var model = MethodFixtures.SaveRandomModel(dir.File("model.safetensors"));
        var data = dir.File("severstal.patches");
        var (code, _, stderr) = Run("data", "prepare", "--severstal", DataPaths.SeverstalSample, "--out", data);
        Assert.True(code == 0, stderr);
        var set = PatchSet.Load(data);
        var picked = Enumerable.Range(0, set.Count).Where(i => set.Label(i) is >= 1 and <= 4).Take(2)
            .Select(i => new SelectedSample(i, set.Provenance(i).SourceId, set.Provenance(i).PatchIndex, set.Label(i), 0.9)).ToList();
        var samples = dir.File("samples.json");
        new SampleSelection
        {
            PatchSet = data, PatchSetSha256 = FileDigest.Sha256(data), Model = model, ModelSha256 = "-", MinConfidence = 0.9,
            SplitSeed = 1, ValidationFraction = 0.25, Candidates = picked.Count, Samples = picked,
        }.Save(samples);

        string[] variants = ["VanillaGrad", "GradCAM", "GradCAM++", "DeepLift(reference=zero)"];
        var results = dir.File("results");
        (code, _, stderr) = Run(["bench", "--data", data, "--model", model, "--samples", samples, "--maps", "2",
            "--out", results, "--methods", .. variants]);
        Assert.True(code == 0, stderr);

        var report = dir.File("report");
        (code, var stdout, stderr) = Run("report", results, "--out", report);
        Assert.True(code == 0, stderr);
        var index = Path.Combine(report, "index.html");
        Assert.Contains(index, stdout, StringComparison.Ordinal);

        // Table 3 names every variant and every normalisation, and its medians are those of rows.csv.
        var rows = RowsCsv.Read(Path.Combine(results, "rows.csv"));
        var table3 = File.ReadAllLines(Path.Combine(report, "table3.csv"));
        foreach (var normalisation in Normalisation.Table3)
        {
            Assert.Contains(normalisation.Name, table3[0], StringComparison.Ordinal);
        }

        var header = table3[0].Split(',');
        foreach (var variant in variants)
        {
            var line = table3.Single(l => l.StartsWith($"\"{variant}\"", StringComparison.Ordinal) || l.StartsWith(variant + ",", StringComparison.Ordinal));
            var cells = SplitCsv(line);
            foreach (var normalisation in Normalisation.Table3)
            {
                var values = rows.Where(r => r.Variant == variant && r.Normalisation == normalisation.Name && !double.IsNaN(r.Distance))
                    .Select(r => r.Distance).Order().ToArray();
                var cell = cells[Array.IndexOf(header, normalisation.Name)];
                if (values.Length == 0)
                {
                    Assert.Equal(string.Empty, cell); // no defined score (e.g. an all-zero CAM): an empty cell
                    continue;
                }

                double median = values.Length % 2 == 1 ? values[values.Length / 2] : (values[(values.Length / 2) - 1] + values[values.Length / 2]) / 2;
                Assert.Equal(median, double.Parse(cell, System.Globalization.CultureInfo.InvariantCulture), 6);
            }
        }

        // Every image decodes; every relative link of the page exists.
        foreach (var png in Directory.GetFiles(report, "*.png"))
        {
            using var bitmap = SKBitmap.Decode(png);
            Assert.True(bitmap is { Width: > 100, Height: > 100 }, png);
        }

        var html = File.ReadAllText(index);
        var links = Regex.Matches(html, "(?:src|href)=\"([^\"#]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Contains("fig5a.png", links);
        Assert.Contains("fig3.png", links);
        Assert.All(links, link => Assert.True(File.Exists(Path.Combine(report, System.Net.WebUtility.HtmlDecode(link))), link));
        foreach (var variant in variants)
        {
            Assert.Contains(System.Net.WebUtility.HtmlEncode(variant), html, StringComparison.Ordinal);
        }
    }

    private static string[] SplitCsv(string line)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        bool quoted = false;
        foreach (char c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }

        cells.Add(cell.ToString());
        return [.. cells];
    }
}
