namespace Saliency.Reporting.Tables;

/// <summary>
/// A table for the report, rendered to Markdown (<see cref="MarkdownWriter"/>) and inline HTML. Cells are display
/// text; <see cref="TableCell.Emphasis"/> marks a cell (bold), e.g. the best normalisation of a variant.
/// <see cref="Notes"/> are sentences printed under the table.
/// </summary>
public sealed record ReportTable(string Title, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<TableCell>> Rows, IReadOnlyList<string> Notes);

/// <summary>One cell of a <see cref="ReportTable"/>.</summary>
public sealed record TableCell(string Text, bool Emphasis = false)
{
    public static implicit operator TableCell(string text) => new(text);
}
