using System.Text.RegularExpressions;
using Saliency.Core.Data;
using Saliency.Core.Data.Severstal;
using Saliency.TestFixtures;

namespace Saliency.Core.Tests.Data;

/// <summary>
/// Table 1 names a data set's classes as the data set does: the table1.json that `data prepare` writes carries the
/// patch set's class names, and reading it back labels NEU-Seg's classes with the names its README gives the mask
/// values (checked against the README itself), Severstal's by their numbers as in the paper. Files written before
/// class names were stored still read, with numbers only; bad class names are refused, naming the file and field.
/// </summary>
public sealed class Table1LabelTests(NeuSegTests.PreparedTestSplit neu) : IClassFixture<NeuSegTests.PreparedTestSplit>
{
    [Fact]
    public void Neu_seg_classes_carry_the_names_its_readme_gives_their_mask_values()
    {
        // README: a table "| value | class |" with rows "| 1 | inclusion |" ...
        var readme = File.ReadAllText(Path.Combine(DataPaths.NeuSeg, "README.md"));
        var named = Regex.Matches(readme, @"^\| (?<value>[1-9]) \| (?<name>[a-z]+) \|\s*$", RegexOptions.Multiline)
            .ToDictionary(m => m.Groups["value"].Value, m => m.Groups["name"].Value);
        Assert.Equal(3, named.Count);

        using var dir = new TempDir();
        var (_, json) = neu.Result.Table.SaveBeside(dir.File("neu.pset"), neu.Result.Header.Dataset);
        var table = Table1Json.Read(json);

        Assert.Equal("neu-seg", table.Dataset);
        Assert.Equal(
            [$"class 1 ({named["1"]})", $"class 2 ({named["2"]})", $"class 3 ({named["3"]})", "no defect", "multiple classes"],
            table.Entries.Select(e => e.Name));
        Assert.Equal([named["1"], named["2"], named["3"]], table.ClassNames);
        Assert.Equal(neu.Result.Table.Multiple, table.Entries.Single(e => e.Key == "multiple").Count);
    }

    [Fact]
    public void Severstal_classes_keep_their_numbers()
    {
        using var dir = new TempDir();
        var result = SeverstalPreparer.Prepare(DataPaths.SeverstalSample, dir.File("s.pset"), PatchingOptions.Default, new InputIssueLog());
        var (_, json) = result.Table.SaveBeside(dir.File("s.pset"), result.Header.Dataset);
        Assert.Equal(
            ["class 1", "class 2", "class 3", "class 4", "no defect", "multiple classes"],
            Table1Json.Read(json).Entries.Select(e => e.Name));
    }

    [Fact]
    public void A_table1_written_before_class_names_were_stored_reads_with_numbers()
    {
        using var dir = new TempDir();
        var path = dir.File("old.table1.json");
        File.WriteAllText(path, """{ "dataset": "neu-seg", "1": 5, "2": 6, "3": 7, "none": 0, "multiple": 2, "dropped_background": 0 }""");
        var table = Table1Json.Read(path);
        Assert.Equal(["class 1", "class 2", "class 3", "no defect", "multiple classes"], table.Entries.Select(e => e.Name));
        Assert.Null(table.ClassNames);
    }

    [Theory]
    [InlineData("""["inclusion", "patches"]""", "names 2 classes but counts 3 (keys 1, 2, 3)")]
    [InlineData("""{"1": "inclusion"}""", "expected an array of class names (strings)")]
    [InlineData("""["inclusion", 7, "scratches"]""", "expected an array of class names (strings)")]
    [InlineData("""["inclusion", "", "scratches"]""", "expected an array of class names (strings)")]
    public void Bad_class_names_are_refused_naming_the_file_and_field(string names, string message)
    {
        using var dir = new TempDir();
        var path = dir.File("bad.table1.json");
        File.WriteAllText(path, $$"""{ "dataset": "neu-seg", "class_names": {{names}}, "1": 5, "2": 6, "3": 7, "none": 0, "multiple": 2 }""");
        var e = Assert.Throws<InputException>(() => Table1Json.Read(path));
        Assert.Equal(path, e.File);
        Assert.Equal("class_names", e.Field);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }
}
