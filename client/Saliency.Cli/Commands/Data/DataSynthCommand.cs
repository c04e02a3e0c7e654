using System.CommandLine;
using Saliency.Core.Data.Synthetic;

namespace Saliency.Cli.Commands.Data;

/// <summary><c>saliency data synth --out DIR [--images N] [--seed S]</c>: writes a synthetic Severstal-format data set.</summary>
internal static class DataSynthCommand
{
    public static Command Create()
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder to write train.csv and the PNG images into", Required = true };
        var images = new Option<int>("--images") { Description = "Number of 1600x256 images", DefaultValueFactory = _ => new SyntheticOptions().Images };
        var seed = new Option<ulong>("--seed") { Description = "Random seed (same seed, identical files)", DefaultValueFactory = _ => new SyntheticOptions().Seed };
        var cmd = new Command("synth", "Write a small synthetic data set in the Severstal format (train.csv + PNG images).") { output, images, seed };
        cmd.SetAction(parse =>
        {
            var options = new SyntheticOptions { Images = parse.GetValue(images), Seed = parse.GetValue(seed) };
            Synthesise(parse.GetValue(output)!.FullName, options, parse.InvocationConfiguration.Output);
            return 0;
        });
        return cmd;
    }

    /// <summary>The step: writes the data set into <paramref name="folder"/> and says what it wrote.</summary>
    public static SyntheticSummary Synthesise(string folder, SyntheticOptions options, TextWriter stdout)
    {
        var summary = SyntheticSeverstalGenerator.Generate(folder, options);
        stdout.WriteLine($"wrote {summary.Images} images ({summary.DefectFreeImages} defect-free) and {summary.Rows} rows to {summary.CsvPath}");
        return summary;
    }
}
