using System.CommandLine;
using System.Diagnostics;
using Saliency.Cli.Commands.Data;
using Saliency.Cli.Commands.Model;
using Saliency.Cli.Commands.Report;
using Saliency.Cli.Commands.Sweep;
using Saliency.Core;
using Saliency.Core.Data;
using Saliency.Core.Data.Synthetic;
using Saliency.Torch.Training;

namespace Saliency.Cli.Commands.Run;

/// <summary>
/// <c>saliency run</c>: the whole study in one command on an embedded default. Each step is the function of one of the
/// CLI's own commands, called in order; a step whose output already exists is reused, so a re-run (or a run after a
/// failure) only computes what is missing:
/// data (synthesise or read) -> prepare (patch set, Table 1) -> train (then the profile's accuracy check) -> select
/// -> sweep (the profile's grid of sweeps/&lt;profile&gt;.yaml on an in-process Orleans silo, as
/// <c>saliency sweep run</c>; also written as <c>sweep.yaml</c>) -> report.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var profile = new Option<string>("--profile") { Description = "quick (minutes on a laptop CPU), paper (the study's settings) or neu (NEU-Seg, needs --neu)", DefaultValueFactory = _ => "quick" };
        profile.AcceptOnlyFromAmong(RunProfile.Names);
        var data = new Option<DirectoryInfo?>("--data") { Description = "Severstal-format folder to use instead of synthetic data (same as --severstal)" };
        var severstal = new Option<DirectoryInfo?>("--severstal") { Description = "Severstal folder (train.csv + images)" };
        var neu = new Option<DirectoryInfo?>("--neu") { Description = "NEU-Seg folder (images/<split>, masks/<split>)" };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Run folder (default: runs/<profile>)" };
        var pretrained = new Option<FileInfo?>("--pretrained") { Description = "ImageNet ResNet-18 weights (.pth) to start from" };
        var epochs = new Option<int?>("--epochs") { Description = "Training epochs (default: the profile's)" };
        var fresh = new Option<bool>("--fresh") { Description = "Recompute every step even when its output exists" };
        var cmd = new Command("run", "Run the whole benchmark (data, model, samples, every method, report) on one machine.")
        {
            profile, data, severstal, neu, output, pretrained, epochs, fresh,
        };
        var devices = DeviceOptions.AddTo(cmd);
        cmd.SetAction(parse =>
        {
            var settings = RunProfile.Get(parse.GetValue(profile)!);
            var severstalDir = parse.GetValue(severstal) ?? parse.GetValue(data);
            var neuDir = parse.GetValue(neu);
            if (severstalDir is not null && neuDir is not null)
            {
                throw new InputException("give one data source: --severstal/--data or --neu", field: "--neu");
            }

            if (settings.ReadsNeu && neuDir is null)
            {
                throw new InputException($"the {settings.Name} profile trains on NEU-Seg: give --neu DIR (images/<split>, masks/<split>)", field: "--neu");
            }

            int epochCount = parse.GetValue(epochs) ?? settings.Epochs;
            if (epochCount < 1)
            {
                throw new InputException($"must be >= 1, got {epochCount}", field: "--epochs");
            }

            var root = parse.GetValue(output)?.FullName ?? Path.GetFullPath(Path.Combine("runs", settings.Name));
            var inputs = new RunInputs(
                root, severstalDir?.FullName, neuDir?.FullName, parse.GetValue(pretrained)?.FullName, epochCount, devices.Read(parse), parse.GetValue(fresh));
            Execute(settings, inputs, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            return 0;
        });
        return cmd;
    }

    /// <summary>The steps in order; what each returns or writes is the next one's input.</summary>
    internal static void Execute(RunProfile settings, RunInputs inputs, TextWriter stdout, TextWriter stderr)
    {
        var root = inputs.Root;
        Directory.CreateDirectory(root);
        var steps = new RunSteps(root, stdout, inputs.Fresh);
        var total = Stopwatch.StartNew();

        string patchSet = Path.Combine(root, "patches.salpatch");
        DataSource source;
        if (inputs.Neu is not null)
        {
            source = new NeuSource(inputs.Neu);
        }
        else
        {
            string folder = inputs.Severstal ?? Path.Combine(root, "synthetic");
            if (inputs.Severstal is null)
            {
                steps.Run("data", Path.Combine(folder, "train.csv"), $"{settings.SyntheticImages} synthetic Severstal-format images into {Path.GetRelativePath(root, folder)}",
                    () => DataSynthCommand.Synthesise(folder, new SyntheticOptions { Images = settings.SyntheticImages, Seed = 1 }, stdout));
            }

            source = new SeverstalSource(folder);
        }

        steps.Run("prepare", patchSet, $"patches of {source.Folder}",
            () => DataPrepareCommand.Prepare(source, patchSet, stdout, stderr));

        string model = Path.Combine(root, "model.safetensors");
        var training = new TrainingOptions { Epochs = inputs.Epochs, Seed = HoldoutSplit.DefaultSeed, Stages = settings.Stages };
        steps.Run("train", model,
            $"ResNet-18 {(inputs.Pretrained is null ? "from scratch" : "from " + inputs.Pretrained)}, {training.Epochs} epochs, stages {string.Join("+", training.Stages)}, {inputs.Device.Name}",
            () => TrainCommand.Train(new TrainRequest(patchSet, model, training, inputs.Device) { Pretrained = inputs.Pretrained }, stdout, stderr));
        settings.CheckAccuracy(model);

        string samples = Path.Combine(root, "samples.json");
        steps.Run("select", samples, $"validation defect patches classified correctly with p >= {settings.MinConfidence}",
            () => SelectCommand.Select(new SelectRequest(patchSet, model, samples, inputs.Device) { MinConfidence = settings.MinConfidence }, stdout, stderr));

        string sweepFile = Path.Combine(root, "sweep.yaml");
        var spec = RunSweepFile.Prepare(sweepFile, settings.Name, patchSet, model, samples);
        string results = Path.Combine(root, "results");
        steps.Run("sweep", Path.Combine(results, "rows.csv"), $"sweep {spec.SweepId} ({Path.GetRelativePath(root, sweepFile)}) on an in-process silo",
            () => SweepRunCommand.RunAsync(spec, results, Path.Combine(root, "shards"), inputs.Device, stdout).GetAwaiter().GetResult());

        string report = Path.Combine(root, "report");
        steps.Run("report", null, $"report of {Path.GetRelativePath(root, results)}",
            () => ReportCommand.Write(results, report, stdout));
        stdout.WriteLine($"done in {total.Elapsed.TotalMinutes:F1} min; report: {Path.Combine(report, "index.html")}");
    }
}

/// <summary>
/// What a run reads besides its profile: the run folder, a Severstal or NEU-Seg folder (neither: synthetic data),
/// optional starting weights, the epochs, the device, and whether to recompute finished steps.
/// </summary>
internal sealed record RunInputs(string Root, string? Severstal, string? Neu, string? Pretrained, int Epochs, DeviceChoice Device, bool Fresh);
