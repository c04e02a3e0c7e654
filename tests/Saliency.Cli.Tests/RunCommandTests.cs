using Saliency.Cli.Commands.Run;
using Saliency.Core;
using Saliency.Core.Methods;
using Saliency.Sweeps;
using Saliency.TestFixtures;
using Saliency.Torch.Model;
using Saliency.Torch.Training;

namespace Saliency.Cli.Tests;

/// <summary>
/// <c>saliency run</c>: its profiles, the sweep it builds in memory and writes beside the run, the neu profile's data
/// source and accuracy check. (The full profiles take minutes to hours and are not run here.)
/// </summary>
[Collection("torch commands")]
public sealed class RunCommandTests
{
    private static (int Code, string Stdout, string Stderr) Run(params string[] args) => CliRunner.Run(args);

    [Fact]
    public void Neu_profile_trains_from_scratch_on_every_layer_and_its_sweep_is_the_papers_grid()
    {
        var neu = RunProfile.Get("neu");
        Assert.True(neu.ReadsNeu);
        Assert.Equal(6, neu.Epochs);
        Assert.Equal(TrainedStages.All, neu.Stages);
        Assert.Equal(0.9, neu.MinConfidence);
        Assert.Equal(0.95, neu.MinValidationAccuracy);
        Assert.Null(RunProfile.Get("quick").MinValidationAccuracy);
        Assert.Equal(TrainedStages.Paper, RunProfile.Get("quick").Stages);

        var spec = SweepFile.Parse(RunSweepFile.Shipped("neu"), "neu.yaml", "/runs");
        Assert.Equal("neu", spec.Name);
        Assert.Equal(MethodCatalogue.PaperVariants.Select(v => v.Id), spec.Trials.Select(t => t.VariantId));
        Assert.Equal(14, spec.Trials.Count);
        Assert.Equal(["All-100", "Abs-100", "ReLU-100", "All-99", "Abs-99", "ReLU-99"], spec.Normalisations);
        Assert.Equal(["distance", "energy"], spec.Metrics);
        Assert.Equal((null, "validation", 0.9, 200), (spec.Samples.File, spec.Samples.Split, spec.Samples.MinConfidence, spec.Samples.Limit));
        Assert.Equal((8, 3, 4, 24), (spec.ShardSize, spec.MaxAttempts, spec.MaxConcurrentShards, spec.TimingSamples));

        // Every profile has its grid built into the CLI.
        Assert.All(RunProfile.Names, name => Assert.Equal(name, SweepFile.Parse(RunSweepFile.Shipped(name), name, "/runs").Name));
    }

    [Theory]
    [InlineData("quick", 4)]
    [InlineData("paper", 0)]
    [InlineData("neu", 200)]
    public void The_written_sweep_yaml_loads_as_the_spec_the_run_submits(string profile, int limit)
    {
        using var dir = new TempDir();
        var (patches, model, samples) = (dir.File("patches.salpatch"), dir.File("model.safetensors"), dir.File("samples.json"));
        var path = dir.File("sweep.yaml");

        var used = RunSweepFile.Prepare(path, profile, patches, model, samples);
        var loaded = SweepFile.Load(path);

        Assert.Equal((patches, model, samples, limit), (used.DataPath, used.ModelPath, used.Samples.File, used.Samples.Limit));
        Assert.Equal(used.SweepId, loaded.SweepId);
        Assert.Equal(used.ContentHash, loaded.ContentHash);
        Assert.Equal((used.DataPath, used.ModelPath), (loaded.DataPath, loaded.ModelPath));
        Assert.Equal(
            (used.Samples.File, used.Samples.Limit, used.Samples.Split, used.Samples.MinConfidence),
            (loaded.Samples.File, loaded.Samples.Limit, loaded.Samples.Split, loaded.Samples.MinConfidence));
        Assert.Equal(used.Samples.Classes, loaded.Samples.Classes);
        Assert.Equal(used.Trials.Select(t => (t.TrialId, t.VariantId)), loaded.Trials.Select(t => (t.TrialId, t.VariantId)));
        Assert.Equal(used.Normalisations, loaded.Normalisations);
        Assert.Equal(used.Metrics, loaded.Metrics);
        Assert.Equal((used.ShardSize, used.MaxAttempts, used.MaxConcurrentShards), (loaded.ShardSize, loaded.MaxAttempts, loaded.MaxConcurrentShards));
    }

    [Fact]
    public void The_neu_profile_without_neu_is_refused_naming_neu_before_anything_is_written()
    {
        using var dir = new TempDir();
        var (code, _, stderr) = Run("run", "--profile", "neu", "--out", dir.File("run"));
        Assert.Equal(2, code);
        Assert.Contains("--neu: the neu profile trains on NEU-Seg: give --neu DIR", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("run")));

        (code, _, stderr) = Run("run", "--profile", "neu", "--severstal", dir.Path, "--out", dir.File("run"));
        Assert.Equal(2, code);
        Assert.Contains("--neu", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("run")));
    }

    [Fact]
    public void The_accuracy_check_refuses_a_training_report_below_the_profiles_minimum()
    {
        using var dir = new TempDir();
        var model = dir.File("model.safetensors");
        var neu = RunProfile.Get("neu");

        var error = Assert.Throws<InputException>(() => neu.CheckAccuracy(model));
        Assert.Equal(dir.File("model.json"), error.File); // no report: named, not guessed

        WriteReport(model, 0.9499);
        error = Assert.Throws<InputException>(() => neu.CheckAccuracy(model));
        Assert.Equal((dir.File("model.json"), "validationAccuracy"), (error.File, error.Field));
        Assert.Contains("94.99 % is below the neu profile's minimum 95.00 %", error.Message, StringComparison.Ordinal);

        WriteReport(model, double.NaN); // no validation patches
        Assert.Throws<InputException>(() => neu.CheckAccuracy(model));

        WriteReport(model, 0.95);
        neu.CheckAccuracy(model);
        WriteReport(model, 0.2);
        RunProfile.Get("quick").CheckAccuracy(model); // quick has no minimum
    }

    [Fact]
    public void A_neu_run_on_a_few_real_images_trains_from_scratch_then_stops_at_the_accuracy_check_and_a_rerun_reuses_the_model()
    {
        using var dir = new TempDir();
        var neu = CopyNeuSubset(dir.File("neu"), every: 12, count: 36);
        var run = dir.File("run");

        var (code, stdout, stderr) = Run("run", "--profile", "neu", "--neu", neu, "--out", run, "--epochs", "1", "--threads", "2");
        var report = Path.Combine(run, "model.json");
        Assert.True(code == 2, stderr + stdout);
        Assert.Contains("[1] prepare: patches of " + neu, stdout, StringComparison.Ordinal);
        Assert.Contains("[2] train: ResNet-18 from scratch, 1 epochs, stages conv1+bn1+relu+maxpool+layer1+layer2+layer3+layer4+avgpool+fc, cpu", stdout, StringComparison.Ordinal);
        Assert.Contains($"error: {report}: validationAccuracy: the model's final validation accuracy", stderr, StringComparison.Ordinal);
        Assert.Contains("below the neu profile's minimum 95.00 %", stderr, StringComparison.Ordinal);

        var training = TrainingReport.Load(report);
        Assert.True(training.ValidationAccuracy < 0.95, $"1 epoch on {training.Metadata.Training!.TrainCount} patches reached {training.ValidationAccuracy}");
        Assert.Equal(TrainedStages.All, training.Metadata.Training!.TrainedStages);
        Assert.Equal(1, training.Metadata.Training.Epochs);
        Assert.Null(training.Metadata.Training.Pretrained);
        Assert.False(File.Exists(Path.Combine(run, "samples.json")));
        Assert.False(File.Exists(Path.Combine(run, "sweep.yaml")));

        // A re-run reuses the finished steps, and the reused model is checked again.
        (code, stdout, stderr) = Run("run", "--profile", "neu", "--neu", neu, "--out", run, "--epochs", "1", "--threads", "2");
        Assert.Equal(2, code);
        Assert.Contains("[1] prepare: reusing patches.salpatch", stdout, StringComparison.Ordinal);
        Assert.Contains("[2] train: reusing model.safetensors", stdout, StringComparison.Ordinal);
        Assert.Contains($"error: {report}: validationAccuracy:", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failing_step_is_named_and_the_message_says_finished_steps_are_reused()
    {
        using var dir = new TempDir();
        var missing = dir.File("no-such-neu");
        var (code, stdout, stderr) = Run("run", "--profile", "neu", "--neu", missing, "--out", dir.File("run"));
        Assert.Equal(2, code);
        Assert.Contains("[1] prepare: patches of " + missing, stdout, StringComparison.Ordinal);
        Assert.Contains("error: prepare: step 'prepare' failed: ", stderr, StringComparison.Ordinal);
        Assert.Contains("not a NEU-Seg folder", stderr, StringComparison.Ordinal);
        Assert.Contains("fix the cause and re-run: finished steps are reused", stderr, StringComparison.Ordinal);
    }

    /// <summary>Every command that runs the network takes the one <c>--device</c> / <c>--threads</c> pair and checks it the same way.</summary>
    [Theory]
    [InlineData("train", "--data", "d.salpatch", "--out", "m.safetensors")]
    [InlineData("select", "--data", "d.salpatch", "--model", "m.safetensors", "--out", "s.json")]
    [InlineData("explain", "--model", "m.safetensors", "--image", "i.png", "--out", "x")]
    [InlineData("bench", "--data", "d.salpatch", "--model", "m.safetensors", "--samples", "s.json", "--out", "x")]
    [InlineData("bench-methods")]
    [InlineData("sweep", "run", "SWEEP", "--out", "x")]
    [InlineData("run", "--out", "x")]
    public void Device_and_threads_are_checked_alike_by_every_command(params string[] args)
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("sweep.yaml"), "name: t\ndata: d.salpatch\nmodel: m.safetensors\nmethods:\n  - method: VanillaGrad\n");
        var command = args.Select(a => a switch
        {
            "SWEEP" => dir.File("sweep.yaml"),
            _ when a.Contains('.', StringComparison.Ordinal) || a == "x" => dir.File(a),
            _ => a,
        }).ToArray();

        var (code, _, stderr) = Run([.. command, "--threads", "-1"]);
        Assert.Equal(2, code);
        Assert.Contains("--threads: must be >= 0 (0 = libtorch's default), got -1", stderr, StringComparison.Ordinal);

        (code, _, stderr) = Run([.. command, "--device", "tpu"]);
        Assert.Equal(2, code);
        Assert.Contains("--device: unknown device 'tpu' (use cpu, cuda or cuda:N)", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("x")));
    }

    private static void WriteReport(string modelPath, double accuracy)
    {
        var metadata = new ModelMetadata { ClassIds = [0, 1], ClassNames = ["a", "b"], NormalisationMean = [0, 0, 0], NormalisationStd = [1, 1, 1] };
        new TrainingReport(modelPath, metadata, [], [1, 1], [1, 1], 0, [[1, 0], [0, 1]], accuracy).Save(TrainingReport.PathFor(modelPath));
    }

    /// <summary>Every <paramref name="every"/>-th image of NEU-Seg's test split (all three classes), with its mask.</summary>
    private static string CopyNeuSubset(string folder, int every, int count)
    {
        var source = DataPaths.NeuSeg;
        Directory.CreateDirectory(Path.Combine(folder, "images", "test"));
        Directory.CreateDirectory(Path.Combine(folder, "masks", "test"));
        var images = Directory.GetFiles(Path.Combine(source, "images", "test"), "*.jpg").Order(StringComparer.Ordinal).Where((_, i) => i % every == 0).Take(count).ToList();
        Assert.Equal(count, images.Count);
        foreach (var image in images)
        {
            var name = Path.GetFileNameWithoutExtension(image);
            File.Copy(image, Path.Combine(folder, "images", "test", name + ".jpg"));
            File.Copy(Path.Combine(source, "masks", "test", name + ".png"), Path.Combine(folder, "masks", "test", name + ".png"));
        }

        return folder;
    }
}
