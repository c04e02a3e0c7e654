using System.Text;

namespace Saliency.Reporting.Tables;

/// <summary>GitHub-flavoured Markdown for a <see cref="ReportTable"/>: a level-2 title, the pipe table (emphasised
/// cells in <c>**bold**</c>; pipes in cells escaped) and the notes as a paragraph.</summary>
public static class MarkdownWriter
{
    public static string Write(ReportTable table)
    {
        var text = new StringBuilder();
        text.Append("## ").Append(table.Title).Append("\n\n");
        text.Append("| ").Append(string.Join(" | ", table.Columns.Select(Escape))).Append(" |\n");
        text.Append('|').Append(string.Concat(table.Columns.Select(_ => "---|"))).Append('\n');
        foreach (var row in table.Rows)
        {
            text.Append("| ").Append(string.Join(" | ", row.Select(c => c.Emphasis ? $"**{Escape(c.Text)}**" : Escape(c.Text)))).Append(" |\n");
        }

        if (table.Notes.Count > 0)
        {
            text.Append('\n').Append(string.Join(" ", table.Notes)).Append('\n');
        }

        return text.ToString();
    }

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
