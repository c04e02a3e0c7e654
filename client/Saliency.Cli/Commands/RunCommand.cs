using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Saliency.Core;

namespace Saliency.Cli.Commands;

/// <summary>
/// <c>saliency run</c>: the whole study in one command on an embedded default. Each step is one of the CLI's own
/// commands, run in-process in order; a step whose output already exists is reused, so a re-run (or a run after a
/// failure) only computes what is missing:
/// data (synthesise or read) -> prepare (patch set, Table 1) -> train -> select -> sweep (the profile's grid of
/// sweeps/&lt;profile&gt;.yaml on an in-process Orleans silo, <c>saliency sweep run</c>) -> report.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var profile = new Option<string>("--profile") { Description = "quick (minutes on a laptop CPU) or paper (the study's settings)", DefaultValueFactory = _ => "quick" };
        profile.AcceptOnlyFromAmong(RunProfile.Names);
        var data = new Option<DirectoryInfo?>("--data") { Description = "Severstal-format folder to use instead of synthetic data (same as --severstal)" };
        var severstal = new Option<DirectoryInfo?>("--severstal") { Description = "Severstal folder (train.csv + images)" };
        var neu = new Option<DirectoryInfo?>("--neu") { Description = "NEU-Seg folder (images/<split>, masks/<split>)" };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Run folder (default: runs/<profile>)" };
        var pretrained = new Option<FileInfo?>("--pretrained") { Description = "ImageNet ResNet-18 weights (.pth) to start from" };
        var device = new Option<string>("--device") { Description = "cpu, cuda or cuda:N", DefaultValueFactory = _ => "cpu" };
        var fresh = new Option<bool>("--fresh") { Description = "Recompute every step even when its output exists" };
        var cmd = new Command("run", "Run the whole benchmark (data, model, samples, every method, report) on one machine.")
        {
            profile, data, severstal, neu, output, pretrained, device, fresh,
        };
        cmd.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            var settings = RunProfile.Get(parse.GetValue(profile)!);
            var severstalDir = parse.GetValue(severstal) ?? parse.GetValue(data);
            var neuDir = parse.GetValue(neu);
            if (severstalDir is not null && neuDir is not null)
            {
                throw new InputException("give one data source: --severstal/--data or --neu", field: "--neu");
            }

            var root = parse.GetValue(output)?.FullName ?? Path.GetFullPath(Path.Combine("runs", settings.Name));
            Directory.CreateDirectory(root);
            bool recompute = parse.GetValue(fresh);
            var deviceName = parse.GetValue(device)!;
            var steps = new RunSteps(root, stdout, stderr, recompute);
            var total = Stopwatch.StartNew();

            string patchSet = Path.Combine(root, "patches.salpatch");
            if (neuDir is not null)
            {
                steps.Run("prepare", patchSet, ["data", "prepare", "--neu", neuDir.FullName, "--out", patchSet]);
            }
            else
            {
                string source = severstalDir?.FullName ?? Path.Combine(root, "synthetic");
                if (severstalDir is null)
                {
                    steps.Run("data", Path.Combine(source, "train.csv"),
                        ["data", "synth", "--out", source, "--images", Inv(settings.SyntheticImages), "--seed", "1"]);
                }

                steps.Run("prepare", patchSet, ["data", "prepare", "--severstal", source, "--out", patchSet]);
            }

            string model = Path.Combine(root, "model.safetensors");
            var train = new List<string>
            {
                "train", "--data", patchSet, "--out", model, "--epochs", Inv(settings.Epochs), "--device", deviceName,
            };
            if (parse.GetValue(pretrained) is { } weights)
            {
                train.AddRange(["--pretrained", weights.FullName]);
            }

            steps.Run("train", model, [.. train]);

            string samples = Path.Combine(root, "samples.json");
            steps.Run("select", samples,
                ["select", "--data", patchSet, "--model", model, "--min-confidence", Inv(settings.MinConfidence), "--out", samples, "--device", deviceName]);

            string sweepFile = RunSweepFile.Write(Path.Combine(root, "sweep.yaml"), settings.Name, patchSet, model, samples);
            string results = Path.Combine(root, "results");
            steps.Run("sweep", Path.Combine(results, "rows.csv"),
                ["sweep", "run", sweepFile, "--out", results, "--store", Path.Combine(root, "shards"), "--device", deviceName]);

            string report = Path.Combine(root, "report");
            steps.Run("report", null, ["report", results, "--out", report]);
            stdout.WriteLine($"done in {total.Elapsed.TotalMinutes:F1} min; report: {Path.Combine(report, "index.html")}");
            return 0;
        });
        return cmd;
    }

    private static string Inv(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);
}

/// <summary>The settings of a <c>saliency run</c> profile.</summary>
internal sealed record RunProfile(string Name, int SyntheticImages, int Epochs, double MinConfidence)
{
    public static readonly string[] Names = ["quick", "paper"];

    /// <summary>quick: a small synthetic set, few epochs, and sweeps/quick.yaml (a few samples, every method once;
    /// under 10 minutes on a 2-core CPU). paper: the study's settings (50 epochs) and sweeps/paper.yaml (every
    /// selected sample, every variant of Table 3).</summary>
    public static RunProfile Get(string name) => name switch
    {
        "quick" => new RunProfile("quick", 24, 3, 0.9),
        "paper" => new RunProfile("paper", 200, 50, 0.9),
        _ => throw new InputException($"unknown profile '{name}' (known: {string.Join(", ", Names)})", field: "--profile"),
    };
}

/// <summary>Runs the pipeline's steps through the CLI itself, skipping a step whose output exists.</summary>
internal sealed class RunSteps(string root, TextWriter stdout, TextWriter stderr, bool recompute)
{
    private int _index;

    public void Run(string name, string? output, string[] args)
    {
        _index++;
        if (!recompute && output is not null && (File.Exists(output) || Directory.Exists(output)))
        {
            stdout.WriteLine($"[{_index}] {name}: reusing {Path.GetRelativePath(root, output)}");
            return;
        }

        stdout.WriteLine($"[{_index}] {name}: saliency {string.Join(' ', args)}");
        var watch = Stopwatch.StartNew();
        int code = Program.Run(args, stdout, stderr);
        if (code != 0)
        {
            throw new InputException($"step '{name}' failed with exit code {code}; fix the cause and re-run: finished steps are reused", field: name);
        }

        stdout.WriteLine($"[{_index}] {name}: done in {watch.Elapsed.TotalSeconds:F0} s");
    }
}
