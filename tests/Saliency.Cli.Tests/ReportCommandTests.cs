using System.CommandLine;
using System.Globalization;
using System.Text;
using Saliency.Cli.Commands.Report;
using Saliency.Core.Metrics;
using Saliency.Reporting.Results;
using Saliency.TestFixtures;

namespace Saliency.Cli.Tests;

public sealed class ReportCommandTests
{
    [Fact]
    public void Report_of_a_results_folder_prints_the_index_path_and_writes_table3()
    {
        using var temp = new TempDir();
        var results = WriteResults(temp.File("results"));
        var output = new StringWriter();
        var error = new StringWriter();

        var code = Program.Run(["report", results, "--out", temp.File("report")], output, error);

        Assert.True(code == 0, error.ToString());
        var index = output.ToString().Trim();
        Assert.Equal(Path.Combine(temp.File("report"), "index.html"), index);
        Assert.True(File.Exists(index));
        var table3 = File.ReadAllText(temp.File("report/table3.csv"));
        Assert.Contains("Spot(size=1)", table3, StringComparison.Ordinal);
        Assert.Contains("Spot(size=3)", table3, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_source_is_a_user_error_naming_what_is_accepted()
    {
        using var temp = new TempDir();
        var error = new StringWriter();
        var code = Program.Run(["report", temp.File("missing"), "--out", temp.File("report")], new StringWriter(), error);
        Assert.Equal(2, code);
        Assert.Contains("error:", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("results folder", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_plugged_in_resolver_turns_an_id_into_a_folder()
    {
        using var temp = new TempDir();
        var results = WriteResults(temp.File("results"));
        var root = new RootCommand { ReportCommand.Create([new FolderSourceResolver(), new FixedResolver("sweep-7", results)]) };
        var output = new StringWriter();
        var code = root.Parse(["report", "sweep-7", "--out", temp.File("report")]).Invoke(new InvocationConfiguration { Output = output });
        Assert.Equal(0, code);
        Assert.True(File.Exists(temp.File("report/index.html")));
    }

    /// <summary>rows.csv from real scores: 5 x 5 maps with a bright spot of the given size on or off a 1-pixel defect,
    /// scored by the pointing game under the six normalisations.</summary>
    private static string WriteResults(string dir)
    {
        Directory.CreateDirectory(dir);
        var text = new StringBuilder("sample,source_id,patch_index,label,variant,method,normalisation,distance,energy,seconds,fps,forward_passes,backward_passes\n");
        var mask = new byte[25];
        mask[12] = 1;
        var field = MaskDistanceField.FromMask(mask, 5, 5);
        for (int sample = 0; sample < 3; sample++)
        {
            foreach (var size in new[] { 1, 3 })
            {
                var map = new float[25];
                for (int y = 0; y < size; y++)
                {
                    for (int x = 0; x < size; x++)
                    {
                        map[((y + sample) * 5) + x + sample] = 1;
                    }
                }

                map[0] -= 0.5f;
                foreach (var scored in PointingGame.ScoreAll(map, field))
                {
                    string N(double v) => double.IsNaN(v) ? "" : v.ToString("R", CultureInfo.InvariantCulture);
                    text.Append(CultureInfo.InvariantCulture,
                        $"{sample},s{sample}.png,0,1,Spot(size={size}),Spot,{scored.Normalisation.Name},{N(scored.Scores.Distance)},{N(scored.Scores.Energy)},0.01,100,1,0\n");
                }
            }
        }

        File.WriteAllText(Path.Combine(dir, "rows.csv"), text.ToString());
        return dir;
    }

    private sealed class FixedResolver(string id, string folder) : IResultsSourceResolver
    {
        public string Accepts => "a test sweep id";

        public string? TryResolve(string source) => source == id ? folder : null;
    }
}
