using System.CommandLine;
using System.Globalization;
using Saliency.Core;
using Saliency.Core.Data;
using Saliency.Core.Data.Samples;
using Saliency.Core.IO;
using Saliency.Torch.Model;
using Saliency.Torch.Training;

namespace Saliency.Cli.Commands;

/// <summary>
/// <c>saliency select</c>: the paper's benchmark samples — validation patches (the split recorded in the model) with
/// a defect that the model classifies correctly with softmax probability >= <c>--min-confidence</c>. Writes a
/// <see cref="SampleSelection"/> JSON file and prints the count per class (the paper has 1984 on Severstal).
/// </summary>
internal static class SelectCommand
{
    public static Command Create()
    {
        var data = new Option<FileInfo>("--data") { Description = "Patch-set file (the one the model was trained on)", Required = true };
        var model = new Option<FileInfo>("--model") { Description = "Model checkpoint written by saliency train", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "Samples file to write (JSON)", Required = true };
        var minConfidence = new Option<double>("--min-confidence") { Description = "Minimum softmax probability of the correct class", DefaultValueFactory = _ => 0.9 };
        var seed = new Option<ulong?>("--seed") { Description = "Split seed (default: the model's; needed for a bare state dict)" };
        var fraction = new Option<double?>("--val-fraction") { Description = "Validation fraction (default: the model's)" };
        var allowOtherData = new Option<bool>("--allow-other-data") { Description = "Proceed when the patch set differs from the one the model was trained on" };
        var device = new Option<string>("--device") { Description = "cpu, cuda or cuda:N", DefaultValueFactory = _ => "cpu" };
        var threads = new Option<int>("--threads") { Description = "CPU threads for libtorch (0 = its default)", DefaultValueFactory = _ => 0 };
        var batchSize = new Option<int>("--batch-size") { Description = "Inference batch size", DefaultValueFactory = _ => 32 };
        var cmd = new Command("select", "Select correctly and confidently classified defect patches of the validation split.")
        {
            data, model, output, minConfidence, seed, fraction, allowOtherData, device, threads, batchSize,
        };
        cmd.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            var dataPath = parse.GetValue(data)!.FullName;
            var modelPath = parse.GetValue(model)!.FullName;
            double threshold = parse.GetValue(minConfidence);
            if (double.IsNaN(threshold) || threshold is < 0 or > 1)
            {
                throw new InputException($"must be in [0, 1], got {threshold}", field: "--min-confidence");
            }

            if (parse.GetValue(batchSize) < 1)
            {
                throw new InputException("must be >= 1", field: "--batch-size");
            }

            TorchDevices.SetThreads(parse.GetValue(threads));
            using var loaded = ModelStore.Load(modelPath, TorchDevices.Parse(parse.GetValue(device)!));
            var training = loaded.Metadata.Training;
            ulong splitSeed = parse.GetValue(seed) ?? training?.Seed
                ?? throw new InputException("the model records no training split (bare state dict?); give --seed and --val-fraction", modelPath);
            double splitFraction = parse.GetValue(fraction) ?? training?.ValidationFraction
                ?? throw new InputException("the model records no training split (bare state dict?); give --val-fraction", modelPath);

            var dataHash = FileDigest.Sha256(dataPath);
            if (training is not null && training.PatchSetSha256 != dataHash)
            {
                var message = $"patch set differs from the one the model was trained on ({training.PatchSet}, sha256 {training.PatchSetSha256[..12]}...)";
                if (!parse.GetValue(allowOtherData))
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
                i => (patchSet.Provenance(i).SourceId, patchSet.Provenance(i).PatchIndex), parse.GetValue(batchSize));
            int candidates = split.Validation.Count(i => SampleSelector.IsDefect(patches.Labels[i]));
            var selection = new SampleSelection
            {
                PatchSet = parse.GetValue(data)!.ToString(),
                PatchSetSha256 = dataHash,
                Model = parse.GetValue(model)!.ToString(),
                ModelSha256 = FileDigest.Sha256(modelPath),
                MinConfidence = threshold,
                SplitSeed = splitSeed,
                ValidationFraction = splitFraction,
                Candidates = candidates,
                Samples = samples,
            };
            var outPath = parse.GetValue(output)!.FullName;
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
            return 0;
        });
        return cmd;
    }
}
