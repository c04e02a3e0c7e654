using System.CommandLine;
using Saliency.Core;
using Saliency.Core.Data;
using Saliency.Core.Data.Neu;
using Saliency.Core.Data.Severstal;

namespace Saliency.Cli.Commands;

/// <summary>
/// <c>saliency data prepare (--severstal DIR | --neu DIR) --out FILE</c>: cuts a data set into a patch-set file,
/// prints Table 1 and saves it as <c>FILE.table1.csv</c> and <c>FILE.table1.json</c>. Bad rows and images (cut-short,
/// empty or undecodable files included) are skipped, listed on stderr and summed up in a closing warning (with
/// <c>--strict</c> the first one is an error, exit code 2, and <c>FILE</c> is left as it was).
/// </summary>
internal static class DataPrepareCommand
{
    public static Command Create()
    {
        var severstal = new Option<DirectoryInfo>("--severstal") { Description = "Severstal folder: train.csv + images (or train_images/)" };
        var neu = new Option<DirectoryInfo>("--neu") { Description = "NEU-Seg folder: images/<split>, masks/<split>" };
        var output = new Option<FileInfo>("--out") { Description = "Patch-set file to write", Required = true };
        var blackThreshold = new Option<int>("--black-threshold")
        {
            Description = "Severstal: grey values below this (0-255) are black background",
            DefaultValueFactory = _ => PatchingOptions.Default.BlackThreshold,
        };
        var maxBackground = new Option<double>("--max-background")
        {
            Description = "Severstal: drop a patch whose background share is above this (0-1)",
            DefaultValueFactory = _ => PatchingOptions.Default.MaxBackgroundFraction,
        };
        var strict = new Option<bool>("--strict") { Description = "Fail at the first bad row or image instead of skipping it" };
        var splits = new Option<string[]>("--splits")
        {
            Description = "NEU-Seg: splits to load (train, val, test; default all)",
            AllowMultipleArgumentsPerToken = true,
        };
        var progressEvery = new Option<int>("--progress-every")
        {
            Description = "Report progress on stderr every N images",
            DefaultValueFactory = _ => 500,
        };
        var cmd = new Command("prepare", "Cut a data set into 256x256 (Severstal) or 200x200 (NEU-Seg) patches; print and save Table 1.")
        {
            severstal, neu, output, blackThreshold, maxBackground, strict, splits, progressEvery,
        };
        cmd.Validators.Add(result =>
        {
            if ((result.GetValue(severstal) is null) == (result.GetValue(neu) is null))
            {
                result.AddError("give exactly one of --severstal DIR or --neu DIR");
            }
        });
        cmd.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            var outFile = parse.GetValue(output)!.FullName;
            var issues = new InputIssueLog(parse.GetValue(strict));
            int every = parse.GetValue(progressEvery) is var n and > 0
                ? n
                : throw new InputException("--progress-every must be >= 1", field: "--progress-every");
            PreparationResult result;
            if (parse.GetValue(severstal) is { } severstalDir)
            {
                var options = new PatchingOptions { BlackThreshold = parse.GetValue(blackThreshold), MaxBackgroundFraction = parse.GetValue(maxBackground) };
                result = SeverstalPreparer.Prepare(severstalDir.FullName, outFile, options, issues, stderr.WriteLine, every);
            }
            else
            {
                var chosen = parse.GetValue(splits) is { Length: > 0 } s
                    ? s.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray()
                    : null;
                result = NeuSegPreparer.Prepare(parse.GetValue(neu)!.FullName, outFile, issues, chosen, stderr.WriteLine, every);
            }

            foreach (var issue in result.Issues)
            {
                stderr.WriteLine($"skipped {issue.Kind}: {issue.Message}");
            }

            if (result.Issues.Count > 0)
            {
                stderr.WriteLine(
                    $"warning: {result.SkippedImages} images and {result.SkippedRows} csv rows were skipped (listed above) and are not in the " +
                    "patch set; fix or remove them, or use --strict to stop at the first one");
            }

            var (csv, json) = result.Table.SaveBeside(outFile, result.Header.Dataset);
            stdout.Write(result.Table.ToText($"Table 1 ({result.Header.Dataset}, {result.ImagesUsed} images)"));
            stdout.WriteLine($"skipped: {result.SkippedRows} rows, {result.SkippedImages} images");
            stdout.WriteLine($"wrote {result.Header.Count} patches to {outFile}");
            stdout.WriteLine($"wrote {csv}");
            stdout.WriteLine($"wrote {json}");
            return 0;
        });
        return cmd;
    }
}
