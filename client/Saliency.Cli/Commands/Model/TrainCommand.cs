using System.CommandLine;
using System.Globalization;
using Saliency.Core;
using Saliency.Core.Data;
using Saliency.Core.IO;
using Saliency.Torch.Model;
using Saliency.Torch.Training;

namespace Saliency.Cli.Commands.Model;

/// <summary>
/// <c>saliency train</c>: fine-tunes a ResNet-18 on a patch set's training split (the paper: layer3, layer4 and fc
/// trained, the rest frozen; multiple-class patches left out; classes = the labels present) and writes the checkpoint
/// plus a JSON report beside it. Progress goes to stderr, the summary to stdout.
/// </summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var data = new Option<FileInfo>("--data") { Description = "Patch-set file", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "Model checkpoint to write (.safetensors); the report goes beside it (.json)", Required = true };
        var pretrained = new Option<FileInfo?>("--pretrained") { Description = "Start from these weights (e.g. torchvision resnet18 ImageNet .pth); enables ImageNet normalisation" };
        var epochs = new Option<int>("--epochs") { Description = "Epochs", DefaultValueFactory = _ => new TrainingOptions().Epochs };
        var fraction = new Option<double>("--val-fraction") { Description = "Share of patches held out for validation", DefaultValueFactory = _ => HoldoutSplit.DefaultValidationFraction };
        var seed = new Option<ulong>("--seed") { Description = "Seed of split, initialisation, shuffling and flips", DefaultValueFactory = _ => HoldoutSplit.DefaultSeed };
        var batchSize = new Option<int>("--batch-size") { Description = "Mini-batch size", DefaultValueFactory = _ => new TrainingOptions().BatchSize };
        var learningRate = new Option<double>("--lr") { Description = "Adam learning rate", DefaultValueFactory = _ => new TrainingOptions().LearningRate };
        var trainAll = new Option<bool>("--train-all") { Description = "Train every layer instead of the paper's layer3 + layer4 + fc" };
        var noAugment = new Option<bool>("--no-augment") { Description = "Disable random horizontal/vertical flips" };
        var cmd = new Command("train", "Fine-tune a ResNet-18 on a patch set and write the model and its report.")
        {
            data, output, pretrained, epochs, fraction, seed, batchSize, learningRate, trainAll, noAugment,
        };
        var devices = DeviceOptions.AddTo(cmd);
        cmd.SetAction(parse =>
        {
            var options = new TrainingOptions
            {
                Epochs = parse.GetValue(epochs),
                BatchSize = parse.GetValue(batchSize),
                LearningRate = parse.GetValue(learningRate),
                Seed = parse.GetValue(seed),
                Augment = !parse.GetValue(noAugment),
                Stages = parse.GetValue(trainAll) ? TrainedStages.All : TrainedStages.Paper,
            };
            var request = new TrainRequest(parse.GetValue(data)!.ToString(), parse.GetValue(output)!.FullName, options, devices.Read(parse))
            {
                Pretrained = parse.GetValue(pretrained)?.FullName,
                ValidationFraction = parse.GetValue(fraction),
            };
            Train(request, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            return 0;
        });
        return cmd;
    }

    /// <summary>
    /// The step: trains on the request's patch set and writes the model and its report (<see cref="TrainingReport"/>)
    /// beside it. Progress goes to <paramref name="stderr"/>, the accuracy, confusion matrix and paths to
    /// <paramref name="stdout"/>.
    /// </summary>
    /// <exception cref="InputException">A bad model path, option or patch set (fewer than 2 classes).</exception>
    public static TrainedModel Train(TrainRequest request, TextWriter stdout, TextWriter stderr)
    {
        var outPath = Path.GetFullPath(request.ModelPath);
        if (outPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            throw new InputException("the model path must not end in .json (the report is written beside it as .json)", field: "--out");
        }

        var options = request.Options.Validate();
        double validationFraction = request.ValidationFraction;
        if (double.IsNaN(validationFraction) || validationFraction is < 0 or >= 1)
        {
            throw new InputException($"must be in [0, 1), got {validationFraction}", field: "--val-fraction");
        }

        var torchDevice = request.Device.Apply();
        var dataPath = Path.GetFullPath(request.DataPath);
        var pretrainedPath = request.Pretrained;

        var patchSet = PatchSet.Load(dataPath);
        var split = HoldoutSplit.Create(patchSet, validationFraction, options.Seed);
        var patches = PatchSetPatches.From(patchSet);
        var classIds = FineTuner.ClassesPresent(patches, split.Train.Concat(split.Validation));
        if (classIds.Count < 2)
        {
            throw new InputException($"need at least 2 classes to train, found [{string.Join(", ", classIds)}]", dataPath);
        }

        var classNames = classIds.Select(id => PatchSetPatches.ClassName(patchSet.Header, id)).ToList();
        var normalisation = pretrainedPath is null ? InputNormalisation.Identity : InputNormalisation.ImageNet;
        stderr.WriteLine(
            $"training on {split.Train.Length} patches, validating on {split.Validation.Length}; classes {string.Join(", ", classNames)}; " +
            $"stages {string.Join("+", options.Stages)}; device {torchDevice}");
        using var classifier = new Classifier(FineTuner.NewNetwork(classIds.Count, options.Seed, pretrainedPath), normalisation, classNames, torchDevice);
        var result = FineTuner.Train(
            classifier, classIds, patches, split.Train, split.Validation, options, new WriterProgress(stderr));

        var metadata = new ModelMetadata
        {
            ClassIds = classIds,
            ClassNames = classNames,
            NormalisationMean = normalisation.Mean,
            NormalisationStd = normalisation.Std,
            PatchSize = patchSet.Header.PatchWidth == patchSet.Header.PatchHeight ? patchSet.Header.PatchWidth : 0,
            Training = new TrainingInfo
            {
                PatchSet = request.DataPath,
                PatchSetSha256 = FileDigest.Sha256(dataPath),
                Seed = options.Seed,
                ValidationFraction = validationFraction,
                Epochs = options.Epochs,
                BatchSize = options.BatchSize,
                LearningRate = options.LearningRate,
                Pretrained = pretrainedPath,
                TrainedStages = options.Stages,
                TrainCount = result.TrainClassCounts.Sum(),
                ValidationCount = result.ValidationConfusion.Total,
                ValidationAccuracy = result.ValidationAccuracy,
                TrainingSeconds = result.Duration.TotalSeconds,
                Device = torchDevice.ToString(),
                CreatedUtc = DateTime.UtcNow,
            },
        };
        ModelStore.Save(outPath, classifier, metadata);
        var reportPath = TrainingReport.PathFor(outPath);
        int multiple = patches.Labels.Count(l => l == PatchLabels.Multiple);
        new TrainingReport(outPath, metadata, result.Epochs, result.TrainClassCounts, result.ValidationClassCounts, multiple,
            result.ValidationConfusion.Counts, result.ValidationAccuracy).Save(reportPath);

        WriteSummary(stdout, classNames, result);
        stdout.WriteLine($"model: {outPath}");
        stdout.WriteLine($"report: {reportPath}");
        return new TrainedModel(outPath, reportPath, result.ValidationAccuracy);
    }

    private static void WriteSummary(TextWriter stdout, IReadOnlyList<string> classNames, TrainingResult result)
    {
        var c = CultureInfo.InvariantCulture;
        stdout.WriteLine(string.Create(c, $"validation accuracy: {result.ValidationAccuracy:P2} ({result.ValidationConfusion.Correct}/{result.ValidationConfusion.Total}), {result.Duration.TotalSeconds:F1} s"));
        stdout.WriteLine("confusion matrix (rows = true, columns = predicted):");
        int width = Math.Max(8, classNames.Max(n => n.Length) + 1);
        stdout.WriteLine(new string(' ', width) + string.Concat(classNames.Select(n => n.PadLeft(width))) + "   train".PadLeft(width));
        for (int t = 0; t < classNames.Count; t++)
        {
            stdout.WriteLine(classNames[t].PadRight(width)
                + string.Concat(result.ValidationConfusion.Counts[t].Select(v => v.ToString(c).PadLeft(width)))
                + result.TrainClassCounts[t].ToString(c).PadLeft(width));
        }
    }

    /// <summary>Writes each epoch's line as it finishes (synchronously, unlike Progress&lt;T&gt;).</summary>
    private sealed class WriterProgress(TextWriter writer) : IProgress<EpochStats>
    {
        public void Report(EpochStats value)
        {
            writer.WriteLine(value.ToString());
            writer.Flush();
        }
    }
}

/// <summary>What <see cref="TrainCommand.Train"/> trains: a patch set (the path as recorded in the model), where the model goes, how.</summary>
internal sealed record TrainRequest(string DataPath, string ModelPath, TrainingOptions Options, DeviceChoice Device)
{
    /// <summary>Weights to start from (enables ImageNet normalisation); null: from scratch.</summary>
    public string? Pretrained { get; init; }

    public double ValidationFraction { get; init; } = HoldoutSplit.DefaultValidationFraction;
}

/// <summary>What <see cref="TrainCommand.Train"/> wrote: the model, its training report and the final validation accuracy.</summary>
internal sealed record TrainedModel(string ModelPath, string ReportPath, double ValidationAccuracy);
