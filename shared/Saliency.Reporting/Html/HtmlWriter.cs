using System.Net;
using System.Text;
using Saliency.Reporting.Tables;

namespace Saliency.Reporting.Html;

/// <summary>
/// Builds the report's self-contained <c>index.html</c>: inline CSS, no scripts, no external fonts or resources;
/// images by relative path (files beside the HTML); every text from the data is HTML-escaped.
/// </summary>
public sealed class HtmlWriter
{
    private readonly StringBuilder _html = new();

    public HtmlWriter(string title)
    {
        _html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Escape(title)).Append("</title>\n<style>\n")
            .Append("body{font-family:'DejaVu Sans',Verdana,sans-serif;margin:24px auto;max-width:1280px;color:#222;line-height:1.45}\n")
            .Append("table{border-collapse:collapse;margin:8px 0 4px}th,td{border:1px solid #bbb;padding:3px 9px;text-align:right}\n")
            .Append("th{background:#eee}td:first-child,th:first-child{text-align:left}td.em{font-weight:bold;background:#e6f4e6}\n")
            .Append("img{max-width:100%;height:auto;border:1px solid #ddd}p.note{color:#555;font-size:90%;margin-top:2px}\n")
            .Append("pre{background:#f6f6f6;padding:8px;overflow:auto;font-size:85%}nav a{margin-right:14px}\n")
            .Append("</style>\n</head>\n<body>\n<h1>").Append(Escape(title)).Append("</h1>\n");
    }

    public static string Escape(string text) => WebUtility.HtmlEncode(text);

    public HtmlWriter Heading(string text, string id)
    {
        _html.Append("<h2 id=\"").Append(Escape(id)).Append("\">").Append(Escape(text)).Append("</h2>\n");
        return this;
    }

    public HtmlWriter Paragraph(string text, bool note = false)
    {
        _html.Append(note ? "<p class=\"note\">" : "<p>").Append(Escape(text)).Append("</p>\n");
        return this;
    }

    /// <summary>Navigation links to section ids: (text, id) pairs.</summary>
    public HtmlWriter Navigation(IEnumerable<(string Text, string Id)> links)
    {
        _html.Append("<nav>");
        foreach (var (text, id) in links)
        {
            _html.Append("<a href=\"#").Append(Escape(id)).Append("\">").Append(Escape(text)).Append("</a>");
        }

        _html.Append("</nav>\n");
        return this;
    }

    /// <summary>An inline table (title as caption is omitted: the caller writes a heading); emphasised cells get class <c>em</c> (bold).</summary>
    public HtmlWriter Table(ReportTable table)
    {
        _html.Append("<table>\n<tr>");
        foreach (var column in table.Columns)
        {
            _html.Append("<th>").Append(Escape(column)).Append("</th>");
        }

        _html.Append("</tr>\n");
        foreach (var row in table.Rows)
        {
            _html.Append("<tr>");
            foreach (var cell in row)
            {
                _html.Append(cell.Emphasis ? "<td class=\"em\">" : "<td>").Append(Escape(cell.Text)).Append("</td>");
            }

            _html.Append("</tr>\n");
        }

        _html.Append("</table>\n");
        foreach (var note in table.Notes)
        {
            Paragraph(note, note: true);
        }

        return this;
    }

    /// <summary>An image by relative path, with alternative text and optional links (text, relative path) under it.</summary>
    public HtmlWriter Image(string relativePath, string alt, int width, int height, IEnumerable<(string Text, string Path)>? links = null)
    {
        _html.Append("<p><img src=\"").Append(Escape(relativePath)).Append("\" alt=\"").Append(Escape(alt))
            .Append("\" width=\"").Append(width).Append("\" height=\"").Append(height).Append("\"></p>\n");
        Links(links ?? []);
        return this;
    }

    /// <summary>A line of links to files beside the HTML.</summary>
    public HtmlWriter Links(IEnumerable<(string Text, string Path)> links)
    {
        var list = links.ToList();
        if (list.Count == 0)
        {
            return this;
        }

        _html.Append("<p class=\"note\">");
        _html.AppendJoin(" · ", list.Select(l => $"<a href=\"{Escape(l.Path)}\">{Escape(l.Text)}</a>"));
        _html.Append("</p>\n");
        return this;
    }

    /// <summary>Preformatted text (e.g. run.json) inside a collapsible block.</summary>
    public HtmlWriter Details(string summary, string preformatted)
    {
        _html.Append("<details><summary>").Append(Escape(summary)).Append("</summary>\n<pre>")
            .Append(Escape(preformatted)).Append("</pre></details>\n");
        return this;
    }

    public override string ToString() => _html + "</body>\n</html>\n";
}
