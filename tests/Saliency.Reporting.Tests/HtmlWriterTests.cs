using Saliency.Reporting.Html;
using Saliency.Reporting.Tables;

namespace Saliency.Reporting.Tests;

public sealed class HtmlWriterTests
{
    [Fact]
    public void Text_from_the_data_is_escaped_everywhere()
    {
        var table = new ReportTable("t", ["<b>col</b>"], [[new TableCell("A&B <script>x</script>", true)]], ["note \"quoted\" <i>"]);
        var html = new HtmlWriter("title <x>")
            .Table(table)
            .Image("a\"b.png", "alt <y>", 10, 20, [("link <z>", "c&d.csv")])
            .Details("run.json", "{\"a\": \"</pre><script>\"}")
            .ToString();

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>col", html, StringComparison.Ordinal);
        Assert.Contains("A&amp;B &lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("src=\"a&quot;b.png\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"c&amp;d.csv\"", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"em\">", html, StringComparison.Ordinal);
        Assert.Contains("&lt;/pre&gt;", html, StringComparison.Ordinal);
        Assert.EndsWith("</html>\n", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_marks_emphasis_bold_and_escapes_pipes()
    {
        var md = MarkdownWriter.Write(new ReportTable("T", ["a", "b"], [["x|y", new TableCell("0.5", true)]], []));
        Assert.Contains("| x\\|y | **0.5** |", md, StringComparison.Ordinal);
        Assert.Contains("|---|---|", md, StringComparison.Ordinal);
    }
}
