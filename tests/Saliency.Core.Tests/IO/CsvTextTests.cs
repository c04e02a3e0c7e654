using Saliency.Core;
using Saliency.Core.Data;
using Saliency.Core.IO;
using Saliency.Core.Results;
using Saliency.TestFixtures;

namespace Saliency.Core.Tests.IO;

public sealed class CsvTextTests
{
    [Fact]
    public void Quoted_fields_keep_commas_quotes_and_line_numbers()
    {
        var records = CsvText.Parse("a,b\r\n\"SmoothGrad(batched=true,n=50)\",\"say \"\"hi\"\"\"\n,\n", "x.csv");
        Assert.Equal(3, records.Count);
        Assert.Equal(["SmoothGrad(batched=true,n=50)", "say \"hi\""], records[1].Fields);
        Assert.Equal(2, records[1].Line);
        Assert.Equal(["", ""], records[2].Fields);
        Assert.Equal(3, records[2].Line);
    }

    [Fact]
    public void Escape_round_trips_through_parse()
    {
        string[] fields = ["plain", "with,comma", "with \"quote\"", ""];
        var parsed = CsvText.Parse(CsvText.Line(fields) + "\n", "x.csv");
        Assert.Equal(fields, Assert.Single(parsed).Fields);
    }

    [Fact]
    public void Unterminated_quote_names_file_and_line()
    {
        var e = Assert.Throws<InputException>(() => CsvText.Parse("a\n\"open\n", "rows.csv"));
        Assert.Equal(2, e.Line);
        Assert.Equal("rows.csv", e.File);
    }

    [Fact]
    public void Rows_csv_without_a_required_column_names_the_column()
    {
        using var temp = new TempDir();
        var path = temp.File("rows.csv");
        File.WriteAllText(path, "sample,variant\n1,VanillaGrad\n");
        var e = Assert.Throws<InputException>(() => RowsCsv.Read(path));
        Assert.Equal("method", e.Field);
    }

    [Fact]
    public void Rows_csv_with_a_bad_number_names_line_and_field()
    {
        using var temp = new TempDir();
        var path = temp.File("rows.csv");
        File.WriteAllText(path,
            "sample,source_id,patch_index,label,variant,method,normalisation,distance,energy,seconds,fps,forward_passes,backward_passes\n" +
            "1,a.jpg,0,1,VanillaGrad,VanillaGrad,ReLU-99,0.5,0.2,0.01,100,1,1\n" +
            "2,b.jpg,0,1,VanillaGrad,VanillaGrad,ReLU-99,zero,0.2,0.01,100,1,1\n");
        var e = Assert.Throws<InputException>(() => RowsCsv.Read(path));
        Assert.Equal((3, "distance"), (e.Line, e.Field));
    }
}
