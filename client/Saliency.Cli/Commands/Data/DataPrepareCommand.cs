using System.CommandLine;
using Saliency.Core;
using Saliency.Core.Data;
using Saliency.Core.Data.Neu;
using Saliency.Core.Data.Severstal;

namespace Saliency.Cli.Commands.Data;

/// <summary>
/// <c>saliency data prepare (--severstal DIR | --neu DIR) --out FILE</c>: cuts a data set into a patch-set file,
/// prints Table 1 and saves it as <c>FILE.table1.csv</c> and <c>FILE.table1.json</c>. Bad rows and images (cut-short,
/// empty or undecodable files included) are skipped, listed on stderr and summed up in a closing warning (with
/// <c>--strict</c> the first one is an error, exit code 2, and <c>FILE</c> is left as it was).
/// </summary>
internal static class DataPrepareCommand
{
    /// <summary>Default of <c>--progress-every</c>.</summary>
    public const int DefaultProgressEvery = 500;

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
            DefaultValueFactory = _ => DefaultProgressEvery,
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
            int every = parse.GetValue(progressEvery) is var n and > 0
                ? n
                : throw new InputException("--progress-every must be >= 1", field: "--progress-every");
            DataSource source = parse.GetValue(severstal) is { } severstalDir
                ? new SeverstalSource(severstalDir.FullName, new PatchingOptions { BlackThreshold = parse.GetValue(blackThreshold), MaxBackgroundFraction = parse.GetValue(maxBackground) })
                : new NeuSource(parse.GetValue(neu)!.FullName, parse.GetValue(splits) is { Length: > 0 } s
                    ? s.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray()
                    : null);
            Prepare(source, parse.GetValue(output)!.FullName, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, parse.GetValue(strict), every);
            return 0;
        });
        return cmd;
    }

    /// <summary>
    /// The step: writes the patch set of <paramref name="source"/> to <paramref name="outFile"/> and Table 1 beside it;
    /// progress and skipped rows or images go to <paramref name="stderr"/>, Table 1 and the files written to
    /// <paramref name="stdout"/>.
    /// </summary>
    public static PreparationResult Prepare(
        DataSource source, string outFile, TextWriter stdout, TextWriter stderr, bool strict = false, int progressEvery = DefaultProgressEvery)
    {
        var issues = new InputIssueLog(strict);
        var result = source switch
        {
            SeverstalSource s => SeverstalPreparer.Prepare(s.Folder, outFile, s.Patching, issues, stderr.WriteLine, progressEvery),
            NeuSource s => NeuSegPreparer.Prepare(s.Folder, outFile, issues, s.Splits, stderr.WriteLine, progressEvery),
            _ => throw new ArgumentException($"unknown data source {source.GetType().Name}", nameof(source)),
        };
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
        return result;
    }
}

/// <summary>A data set <see cref="DataPrepareCommand.Prepare"/> cuts into patches.</summary>
internal abstract record DataSource(string Folder);

/// <summary>A Severstal folder (train.csv + images) and the patching rule.</summary>
internal sealed record SeverstalSource(string Folder, PatchingOptions Patching) : DataSource(Folder)
{
    public SeverstalSource(string folder)
        : this(folder, PatchingOptions.Default)
    {
    }
}

/// <summary>A NEU-Seg folder (images/&lt;split&gt;, masks/&lt;split&gt;) and the splits to read (null: all there are).</summary>
internal sealed record NeuSource(string Folder, IReadOnlyList<string>? Splits = null) : DataSource(Folder);
