using System.Diagnostics;
using System.Text;
using Saliency.Core;
using Saliency.Sweeps;
using Saliency.TestFixtures;

namespace Saliency.Sweeps.Tests;

/// <summary>
/// Corpus: sweep files that would cost memory or time out of proportion to their size (a YAML alias bomb, a 100 MB
/// line, an oversized file) are refused quickly with an <see cref="InputException"/> naming the file, the line and
/// the field <c>yaml</c>; anchors and aliases of ordinary size still work.
/// </summary>
public class HostileSweepFileTests
{
    private const string Head = "name: bomb\ndata: /d/patches.spb\nmodel: /d/model.ckpt\n";

    /// <summary>"Billion laughs": 9 levels of 10 aliases each, 10^9 scalars once expanded, in 13 lines.</summary>
    private static string BillionLaughs(string use)
    {
        var b = new StringBuilder(Head);
        b.Append("l0: &l0 [").Append(string.Join(", ", Enumerable.Repeat("\"lol\"", 10))).Append("]\n");
        for (int level = 1; level <= 9; level++)
        {
            b.Append($"l{level}: &l{level} [").Append(string.Join(", ", Enumerable.Repeat($"*l{level - 1}", 10))).Append("]\n");
        }

        return b.Append(use).ToString();
    }

    private static InputException AssertRefused(string path, int? line, string message)
    {
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<InputException>(() => SweepFile.Load(path));
        clock.Stop();
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Assert.Equal(Path.GetFullPath(path), e.File);
        Assert.Equal(line, e.Line);
        Assert.Equal("yaml", e.Field);
        Assert.Contains(message, e.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"refusing took {clock.Elapsed}");
        Assert.True(allocated < 64L << 20, $"refusing allocated {allocated >> 20} MB");
        return e;
    }

    [Theory]
    [InlineData("methods:\n  - method: VanillaGrad\nlaughs: *l9\n")]
    [InlineData("normalisations: *l9\nmethods:\n  - method: VanillaGrad\n")]
    [InlineData("methods:\n  - method: SmoothGrad\n    params: { n: *l9 }\n")]
    public void Alias_bomb_is_refused_at_the_alias_that_expands_past_the_limit(string use)
    {
        // l4 (line 8) is the first level past 100 000 nodes: 1 + 10 x 11 111.
        using var dir = new TempDir();
        var path = dir.File("bomb.yaml");
        File.WriteAllText(path, BillionLaughs(use));
        var e = AssertRefused(path, 8, "more than 100000 YAML nodes");
        Assert.Contains("(the alias '*l3' here takes it past the limit; an alias bomb?)", e.Message);
    }

    [Fact]
    public void Line_of_100_MB_is_refused_after_reading_its_first_64_KiB()
    {
        using var dir = new TempDir();
        var path = dir.File("long-line.yaml");
        using (var file = new StreamWriter(path))
        {
            file.Write(Head);
            file.Write("methods: [");
            var chunk = new string(' ', 1 << 20);
            for (int i = 0; i < 100; i++)
            {
                file.Write(chunk);
            }

            file.Write("{method: VanillaGrad}]\n");
        }

        Assert.True(new FileInfo(path).Length > 100L << 20);
        AssertRefused(path, 4, "line 4 is longer than 65536 characters");
    }

    [Fact]
    public void File_over_1_MiB_of_short_lines_is_refused()
    {
        using var dir = new TempDir();
        var path = dir.File("big.yaml");
        var comments = string.Concat(Enumerable.Repeat("# a comment line of a sweep file that goes on and on\n", 30_000));
        File.WriteAllText(path, Head + comments + "methods:\n  - method: VanillaGrad\n");
        AssertRefused(path, null, "more than the 1048576 a sweep file may have");
    }

    [Fact]
    public void In_memory_text_gets_the_same_checks()
    {
        var e = Assert.Throws<InputException>(() => SweepFile.Parse(BillionLaughs("methods:\n  - method: VanillaGrad\n"), "text.yaml", "/"));
        Assert.Equal(("text.yaml", "yaml"), (e.File, e.Field));
        e = Assert.Throws<InputException>(() => SweepFile.Parse(Head + "# " + new string('x', 70_000) + "\n", "text.yaml", "/"));
        Assert.Equal(4, e.Line);
    }

    [Fact]
    public void Anchors_and_aliases_of_ordinary_size_still_work()
    {
        using var dir = new TempDir();
        var path = dir.File("anchors.yaml");
        File.WriteAllText(path, Head + """
            common: &n [10, 50]
            methods:
              - method: SmoothGrad
                params: { n: *n, batched: [true] }
            """.Replace("common: &n [10, 50]\n", string.Empty, StringComparison.Ordinal).Replace("{ n: *n,", "{ n: &n [10, 50],", StringComparison.Ordinal) + """

              - method: SmoothGrad
                params: { n: *n, batched: [false] }
            """);
        var spec = SweepFile.Load(path);
        Assert.Equal(
            ["SmoothGrad(batched=true,n=10)", "SmoothGrad(batched=true,n=50)", "SmoothGrad(batched=false,n=10)", "SmoothGrad(batched=false,n=50)"],
            spec.Trials.Select(t => t.VariantId));
    }
}
