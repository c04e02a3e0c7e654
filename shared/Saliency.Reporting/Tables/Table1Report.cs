using System.Text;
using Saliency.Core.Data;
using Saliency.Core.IO;
using Saliency.Core.Results;

namespace Saliency.Reporting.Tables;

/// <summary>
/// Table 1 (dataset composition): patches per label with their share of the kept patches, a total row, and the
/// patches dropped by the background rule when known. CSV: <c>class,name,count,percent</c> with rows per label and
/// <c>total</c>, then <c>dropped_background</c> (empty percent).
/// </summary>
public static class Table1Report
{
    public static ReportTable Table(DatasetComposition composition, string title, string note)
    {
        var rows = composition.Entries
            .Select(e => (IReadOnlyList<TableCell>)[e.Name, NumberFormat.Integer(e.Count), NumberFormat.Percent(composition.Percent(e.Count))])
            .ToList();
        rows.Add([new TableCell("total", true), new TableCell(NumberFormat.Integer(composition.Total), true), new TableCell(NumberFormat.Percent(100), true)]);
        var notes = new List<string> { note };
        if (composition.DroppedBackground is { } dropped)
        {
            notes.Add($"Dropped by the background rule (not counted above): {NumberFormat.Integer(dropped)} patches.");
        }

        return new ReportTable(title, ["label", "patches", "share"], rows, notes);
    }

    public static string Csv(DatasetComposition composition)
    {
        var text = new StringBuilder("class,name,count,percent\n");
        foreach (var e in composition.Entries)
        {
            text.Append(CsvText.Line([e.Key, e.Name, NumberFormat.Integer(e.Count), NumberFormat.Csv(composition.Percent(e.Count))])).Append('\n');
        }

        text.Append(CsvText.Line(["total", "total", NumberFormat.Integer(composition.Total), NumberFormat.Csv(100)])).Append('\n');
        if (composition.DroppedBackground is { } dropped)
        {
            text.Append(CsvText.Line(["dropped_background", "dropped by background rule", NumberFormat.Integer(dropped), string.Empty])).Append('\n');
        }

        return text.ToString();
    }
}
