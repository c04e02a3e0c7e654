using System.CommandLine;
using System.Globalization;
using Saliency.Core;
using Saliency.Core.Data;
using Saliency.Core.Data.Samples;
using Saliency.Core.IO;
using Saliency.Torch.Model;
using Saliency.Torch.Training;

namespace Saliency.Cli.Commands.Model;

/// <summary>
/// <c>saliency select</c>: the paper's benchmark samples — validation patches (the split recorded in the model) with
/// a defect that the model classifies correctly with softmax probability >= <c>--min-confidence</c>. Writes a
/// <see cref="SampleSelection"/> JSON file and prints the count per class (the paper has 1984 on Severstal).
/// </summary>
internal static class SelectCommand
{
    /// <summary>Default of <c>--min-confidence</c>: the paper's 0.9.</summary>
    public const double DefaultMinConfidence = 0.9;

    /// <summary>Default of <c>--batch-size</c>.</summary>
    public const int DefaultBatchSize = 32;

    public static Command Create()
    {
        var data = new Option<FileInfo>("--data") { Description = "Patch-set file (the one the model was trained on)", Required = true };
        var model = new Option<FileInfo>("--model") { Description = "Model checkpoint written by saliency train", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "Samples file to write (JSON)", Required = true };
        var minConfidence = new Option<double>("--min-confidence") { Description = "Minimum softmax probability of the correct class", DefaultValueFactory = _ => DefaultMinConfidence };
        var seed = new Option<ulong?>("--seed") { Description = "Split seed (default: the model's; needed for a bare state dict)" };
        var fraction = new Option<double?>("--val-fraction") { Description = "Validation fraction (default: the model's)" };
        var allowOtherData = new Option<bool>("--allow-other-data") { Description = "Proceed when the patch set differs from the one the model was trained on" };
        var batchSize = new Option<int>("--batch-size") { Description = "Inference batch size", DefaultValueFactory = _ => DefaultBatchSize };
        var cmd = new Command("select", "Select correctly and confidently classified defect patches of the validation split.")
        {
            data, model, output, minConfidence, seed, fraction, allowOtherData, batchSize,
        };
        var devices = DeviceOptions.AddTo(cmd);
        cmd.SetAction(parse =>
        {
            var request = new SelectRequest(parse.GetValue(data)!.ToString(), parse.GetValue(model)!.ToString(), parse.GetValue(output)!.FullName, devices.Read(parse))
            {
                MinConfidence = parse.GetValue(minConfidence),
                Seed = parse.GetValue(seed),
                ValidationFraction = parse.GetValue(fraction),
                AllowOtherData = parse.GetValue(allowOtherData),
                BatchSize = parse.GetValue(batchSize),
            };
            Select(request, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            return 0;
        });
        return cmd;
    }

    /// <summary>
    /// The step: selects the samples, writes the samples file and prints the count per class on
    /// <paramref name="stdout"/> (a warning about other data on <paramref name="stderr"/>).
    /// </summary>
    /// <exception cref="InputException">Bad options, a bare state dict without a split, or a patch set the model was not trained on.</exception>
    public static SampleSelection Select(SelectRequest request, TextWriter stdout, TextWriter stderr)
    {
        var dataPath = Path.GetFullPath(request.DataPath);
        var modelPath = Path.GetFullPath(request.ModelPath);
        double threshold = request.MinConfidence;
        if (double.IsNaN(threshold) || threshold is < 0 or > 1)
        {
            throw new InputException($"must be in [0, 1], got {threshold}", field: "--min-confidence");
        }

        if (request.BatchSize < 1)
        {
            throw new InputException("must be >= 1", field: "--batch-size");
        }

        using var loaded = ModelStore.Load(modelPath, request.Device.Apply());
        var training = loaded.Metadata.Training;
        ulong splitSeed = request.Seed ?? training?.Seed
            ?? throw new InputException("the model records no training split (bare state dict?); give --seed and --val-fraction", modelPath);
        double splitFraction = request.ValidationFraction ?? training?.ValidationFraction
            ?? throw new InputException("the model records no training split (bare state dict?); give --val-fraction", modelPath);

        var dataHash = FileDigest.Sha256(dataPath);
        if (training is not null && training.PatchSetSha256 != dataHash)
        {
            var message = $"patch set differs from the one the model was trained on ({training.PatchSet}, sha256 {training.PatchSetSha256[..12]}...)";
            if (!request.AllowOtherData)
            {
                throw new InputException(message + "; validation patches may have been trained on (use --allow-other-data to proceed)", dataPath);
            }

            stderr.WriteLine($"warning: {message}");
        }

        var patchSet = PatchSet.Load(dataPath);
        var header = patchSet.Header;
        if (loaded.Metadata.PatchSize > 0 && (header.PatchWidth != loaded.Metadata.PatchSize || header.PatchHeight != loaded.Metadata.PatchSize))
        {
            throw new InputException(
                $"patches are {header.PatchWidth} x {header.PatchHeight}, the model was trained on {loaded.Metadata.PatchSize} x {loaded.Metadata.PatchSize}", dataPath);
        }

        var split = HoldoutSplit.Create(patchSet, splitFraction, splitSeed);
        var patches = PatchSetPatches.From(patchSet);
        var samples = SampleSelector.Select(
            loaded.Classifier, loaded.Metadata.ClassIds, patches, split.Validation, threshold,
            i => (patchSet.Provenance(i).SourceId, patchSet.Provenance(i).PatchIndex), request.BatchSize);
        int candidates = split.Validation.Count(i => SampleSelector.IsDefect(patches.Labels[i]));
        var selection = new SampleSelection
        {
            PatchSet = request.DataPath,
            PatchSetSha256 = dataHash,
            Model = request.ModelPath,
            ModelSha256 = FileDigest.Sha256(modelPath),
            MinConfidence = threshold,
            SplitSeed = splitSeed,
            ValidationFraction = splitFraction,
            Candidates = candidates,
            Samples = samples,
        };
        var outPath = Path.GetFullPath(request.OutPath);
        selection.Save(outPath);

        var c = CultureInfo.InvariantCulture;
        var counts = selection.CountsByLabel().ToDictionary(x => x.Label, x => x.Count);
        stdout.WriteLine(string.Create(c, $"selected {samples.Count} of {candidates} validation defect patches (min confidence {threshold}); the paper selected 1984 on Severstal"));
        foreach (int label in Enumerable.Range(1, header.ClassNames.Count))
        {
            int considered = split.Validation.Count(i => patches.Labels[i] == label);
            stdout.WriteLine(string.Create(c, $"  {label} {PatchSetPatches.ClassName(header, label)}: {counts.GetValueOrDefault(label)} of {considered}"));
        }

        stdout.WriteLine($"samples: {outPath}");
        return selection;
    }
}

/// <summary>
/// What <see cref="SelectCommand.Select"/> selects from: the patch set and model (paths as recorded in the samples
/// file), where the samples go, and the rule.
/// </summary>
internal sealed record SelectRequest(string DataPath, string ModelPath, string OutPath, DeviceChoice Device)
{
    public double MinConfidence { get; init; } = SelectCommand.DefaultMinConfidence;

    /// <summary>Split seed; null: the model's.</summary>
    public ulong? Seed { get; init; }

    /// <summary>Validation fraction; null: the model's.</summary>
    public double? ValidationFraction { get; init; }

    /// <summary>Proceed (with a warning) when the patch set is not the one the model was trained on.</summary>
    public bool AllowOtherData { get; init; }

    public int BatchSize { get; init; } = SelectCommand.DefaultBatchSize;
}
