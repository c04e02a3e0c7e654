using Saliency.TestFixtures;

namespace Saliency.Cli.Tests;

public class MethodsCommandTests
{
    [Fact]
    public void Methods_lists_the_catalogue_and_docs_methods_md_embeds_exactly_that_table()
    {
        var (code, stdout, _) = CliRunner.Run("methods");
        Assert.Equal(0, code);
        Assert.Contains("| SmoothGrad | `noise` | > 0 and <= 10 | `0.02` |", stdout, StringComparison.Ordinal);

        var doc = File.ReadAllText(RepositoryRoot.Combine("docs", "methods.md"));
        const string begin = "<!-- catalogue:begin -->\n", end = "<!-- catalogue:end -->";
        int start = doc.IndexOf(begin, StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/methods.md has no catalogue block");
        var embedded = doc[(start + begin.Length)..doc.IndexOf(end, start, StringComparison.Ordinal)];
        Assert.True(embedded == stdout, "docs/methods.md's catalogue table differs from `saliency methods`; paste its output between the markers");
    }
}
