using System.Globalization;
using System.Text.RegularExpressions;
using Saliency.Core.Data;
using Saliency.Core.Results;
using Saliency.Core.Stats;
using Saliency.TestFixtures;

namespace Saliency.Core.Tests.Results;

/// <summary>
/// docs/study.md states numbers of the committed NEU-Seg run; they must be the numbers of its committed files. Its
/// Table 3 is recomputed from <c>docs/study/neu/rows.csv</c> by the results module (the same <see cref="ScoreTable"/>
/// the report uses), its chance row from <c>uniform-baseline.csv</c>, and every figure the committed report shows
/// must be in the folder, so the document cannot drift from the data it describes.
/// </summary>
public sealed partial class StudyDocumentTests
{
    private const string TableTitle = "NEU-Seg (this run";

    /// <summary>Row name of the document -> the variants of rows.csv it stands for (the batching-only members of a family score the same).</summary>
    private static readonly Dictionary<string, string[]> Variants = new(StringComparer.Ordinal)
    {
        ["GradCAM"] = ["GradCAM"],
        ["GradCAM++"] = ["GradCAM++"],
        ["ScoreCAM"] = ["ScoreCAM(batch=1)", "ScoreCAM(batch=25)", "ScoreCAM(batch=50)"],
        ["VanillaGrad"] = ["VanillaGrad"],
        ["SmoothGrad 10"] = ["SmoothGrad(batched=false,n=10)", "SmoothGrad(batched=true,n=10)"],
        ["SmoothGrad 50"] = ["SmoothGrad(batched=false,n=50)", "SmoothGrad(batched=true,n=50)"],
        ["SmoothGrad 100"] = ["SmoothGrad(batched=false,n=100)", "SmoothGrad(batched=true,n=100)"],
        ["DeepLift zero"] = ["DeepLift(reference=zero)"],
        ["DeepLift blur"] = ["DeepLift(reference=blur)"],
    };

    private static string Study(params string[] parts) => RepositoryRoot.Combine(["docs", .. parts]);

    /// <summary>The rows of the markdown table under the line that starts with <paramref name="title"/>: name -> cells.</summary>
    private static Dictionary<string, string[]> MarkdownTable(string title)
    {
        var lines = File.ReadAllLines(Study("study.md"));
        int at = Array.FindIndex(lines, l => l.StartsWith(title, StringComparison.Ordinal));
        Assert.True(at >= 0, $"docs/study.md has no line starting with '{title}'");
        var table = lines.Skip(at + 1).SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')).ToList();
        Assert.True(table.Count > 2, $"docs/study.md: no table under '{title}'");
        return table.Skip(2)
            .Select(l => l.Trim('|').Split('|').Select(c => c.Trim().Trim('*')).ToArray())
            .ToDictionary(c => c[0], c => c[1..], StringComparer.Ordinal);
    }

    private static double Cell(string text) => double.Parse("0" + text, CultureInfo.InvariantCulture);

    [Fact]
    public void Table_3_of_the_study_document_is_the_table_of_its_committed_rows()
    {
        var rows = RowsCsv.Read(Study("study", "neu", "rows.csv"));
        var table = ScoreTable.FromRows(rows);
        Assert.Equal(["All-100", "Abs-100", "ReLU-100", "All-99", "Abs-99", "ReLU-99"], table.Normalisations);
        Assert.Equal(14, table.Variants.Count);

        var document = MarkdownTable(TableTitle);
        Assert.Equal(Variants.Keys.Order(), document.Keys.Where(k => !k.StartsWith("uniform", StringComparison.Ordinal)).Order());
        foreach (var (name, variants) in Variants)
        {
            for (int column = 0; column < table.Normalisations.Count; column++)
            {
                var stated = Cell(document[name][column]);
                foreach (var variant in variants)
                {
                    var median = table.Cell(variant, table.Normalisations[column])!.Median;
                    Assert.True(
                        Math.Abs(median - stated) <= 0.00005 + 1e-12,
                        $"docs/study.md says {name} {table.Normalisations[column]} = {document[name][column]}; rows.csv gives {variant} {median:F5}");
                }
            }
        }

        // The chance row: the median score of a uniform map over the same samples.
        var baseline = File.ReadAllLines(Study("study", "neu", "uniform-baseline.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(rows.Select(r => r.Sample).Distinct().Order(), baseline.Select(b => int.Parse(b[0], CultureInfo.InvariantCulture)).Order());
        var chance = Descriptive.Median(baseline.Select(b => double.Parse(b[3], CultureInfo.InvariantCulture)).ToArray());
        var uniform = Assert.Single(document, kv => kv.Key.StartsWith("uniform", StringComparison.Ordinal)).Value;
        Assert.All(uniform, cell => Assert.True(Math.Abs(Cell(cell) - chance) <= 0.00005, $"docs/study.md chance row {cell}; uniform-baseline.csv gives {chance:F5}"));
    }

    [Fact]
    public void Every_figure_and_file_the_committed_report_links_is_in_its_folder()
    {
        var folder = Study("study", "neu", "report");
        var html = File.ReadAllText(Path.Combine(folder, "index.html"));
        var links = Link().Matches(html).Select(m => m.Groups["target"].Value).Where(t => !t.StartsWith('#')).Distinct().ToList();
        Assert.Contains("fig3.png", links);
        Assert.Contains("fig5a.png", links);
        Assert.All(links, link =>
        {
            var file = new FileInfo(Path.Combine(folder, link));
            Assert.True(file.Exists && file.Length > 0, $"docs/study/neu/report/index.html links {link}, which is missing or empty");
        });
    }

    /// <summary>
    /// The committed report's Table 1 and its table of benchmarked samples name NEU-Seg's classes as the committed
    /// table1.json does (the names `data prepare` stores), with the counts of table1.json and of rows.csv.
    /// </summary>
    [Fact]
    public void The_committed_reports_tables_name_the_classes_of_the_committed_table1()
    {
        var composition = Table1Json.Read(Study("study", "neu", "table1.json"));
        Assert.NotNull(composition.ClassNames);
        var html = File.ReadAllText(Study("study", "neu", "report", "index.html"));
        foreach (var entry in composition.Entries)
        {
            Assert.Contains($"<tr><td>{entry.Name}</td><td>{entry.Count}</td>", html, StringComparison.Ordinal);
        }

        var benchmarked = RowsCsv.Read(Study("study", "neu", "rows.csv")).GroupBy(r => r.Sample).Select(g => g.First().Label).CountBy(label => label);
        foreach (var (label, count) in benchmarked)
        {
            var name = ClassLabels.Display(label, composition.ClassNames);
            Assert.StartsWith($"class {label} (", name, StringComparison.Ordinal);
            Assert.Contains($"<tr><td>{name}</td><td>{count}</td>", html, StringComparison.Ordinal);
        }
    }

    [GeneratedRegex("(?:src|href)=\"(?<target>[^\"]+)\"")]
    private static partial Regex Link();
}
