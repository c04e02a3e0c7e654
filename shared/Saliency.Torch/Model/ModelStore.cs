using System.Text.Json;
using Saliency.Core;
using static TorchSharp.torch;

namespace Saliency.Torch.Model;

/// <summary>
/// Saves and loads classifiers. The project's checkpoint is a safetensors file with the ResNet-18 state dict under
/// torchvision names and <see cref="ModelMetadata"/> as JSON in <c>__metadata__[<see cref="MetadataKey"/>]</c>
/// (plus <c>format: pt</c>, so Python's <c>safetensors.torch.load_file</c> reads it too). <see cref="Load"/> also
/// accepts a bare state dict (safetensors without that key, or a PyTorch <c>.pth</c>/<c>.pt</c>): the class count
/// comes from <c>fc.weight</c>, class names are "0".."K-1" and no normalisation is applied unless given.
/// </summary>
public static class ModelStore
{
    /// <summary>Metadata key holding the <see cref="ModelMetadata"/> JSON.</summary>
    public const string MetadataKey = "saliency.model";

    /// <summary>Writes <paramref name="classifier"/>'s weights and <paramref name="metadata"/> to <paramref name="path"/>.</summary>
    /// <exception cref="ArgumentException">The metadata disagrees with the classifier (class count, normalisation).</exception>
    public static void Save(string path, Classifier classifier, ModelMetadata metadata)
    {
        if (metadata.ClassIds.Count != classifier.NumClasses || metadata.ClassNames.Count != classifier.NumClasses)
        {
            throw new ArgumentException(
                $"metadata has {metadata.ClassIds.Count} class ids and {metadata.ClassNames.Count} names for {classifier.NumClasses} outputs", nameof(metadata));
        }

        if (!metadata.Normalisation.Equals(classifier.Normalisation))
        {
            throw new ArgumentException("metadata normalisation differs from the classifier's", nameof(metadata));
        }

        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        var stateDict = classifier.Network.state_dict();
        SafeTensorsFile.Write(path, stateDict, new Dictionary<string, string>
        {
            ["format"] = "pt",
            [MetadataKey] = metadata.ToJson(),
        });
    }

    /// <summary>
    /// Loads a checkpoint or bare state dict onto <paramref name="device"/> (CPU when null) in eval mode.
    /// <paramref name="overrideNormalisation"/>, when given, replaces the recorded (or, for bare state dicts, the
    /// identity) normalisation.
    /// </summary>
    /// <exception cref="InputException">Missing, unreadable or corrupt file; weights of another architecture or
    /// class count (the message names each parameter and both shapes); metadata that is malformed or disagrees
    /// with the weights.</exception>
    public static LoadedModel Load(string path, Device? device = null, InputNormalisation? overrideNormalisation = null)
    {
        if (!File.Exists(path))
        {
            throw new InputException("model file not found", path);
        }

        using var content = WeightsFile.Read(path);
        var metadata = ReadMetadata(content, path);
        int classes = StateDictLoader.ClassCount(content.Tensors, path);
        if (metadata is not null && metadata.ClassIds.Count != classes)
        {
            throw new InputException(
                $"metadata lists {metadata.ClassIds.Count} classes but 'fc.weight' has {classes} rows", path, field: "classIds");
        }

        var normalisation = (overrideNormalisation ?? metadata?.Normalisation ?? InputNormalisation.Identity).Validate();
        var network = new ResNet18(classes);
        try
        {
            StateDictLoader.Load(network, content.Tensors, path);
            var names = metadata?.ClassNames ?? [.. Enumerable.Range(0, classes).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];
            var classifier = new Classifier(network, normalisation, names, device);
            var effective = (metadata ?? new ModelMetadata
            {
                ClassIds = [.. Enumerable.Range(0, classes)],
                ClassNames = names,
                NormalisationMean = normalisation.Mean,
                NormalisationStd = normalisation.Std,
            }) with
            {
                NormalisationMean = normalisation.Mean,
                NormalisationStd = normalisation.Std,
            };
            return new LoadedModel(classifier, effective, metadata is not null, path);
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    private static ModelMetadata? ReadMetadata(SafeTensorsContent content, string path)
    {
        if (!content.Metadata.TryGetValue(MetadataKey, out var json))
        {
            return null;
        }

        ModelMetadata metadata;
        try
        {
            metadata = ModelMetadata.FromJson(json);
        }
        catch (JsonException e)
        {
            throw new InputException($"model metadata is malformed: {e.Message}", path, field: MetadataKey, inner: e);
        }

        if (metadata.FormatVersion > ModelMetadata.CurrentFormatVersion)
        {
            throw new InputException(
                $"checkpoint format version {metadata.FormatVersion} is newer than this program's {ModelMetadata.CurrentFormatVersion}", path, field: "formatVersion");
        }

        if (metadata.Architecture != ModelMetadata.ResNet18Architecture)
        {
            throw new InputException($"architecture '{metadata.Architecture}' is not supported (only {ModelMetadata.ResNet18Architecture})", path, field: "architecture");
        }

        if (metadata.ClassNames.Count != metadata.ClassIds.Count)
        {
            throw new InputException($"{metadata.ClassIds.Count} class ids but {metadata.ClassNames.Count} class names", path, field: "classNames");
        }

        if (metadata.NormalisationMean is not { Length: 3 } || metadata.NormalisationStd is not { Length: 3 } || metadata.NormalisationStd.Any(s => !(s > 0)))
        {
            throw new InputException("normalizationMean and normalizationStd need 3 values each, std > 0", path, field: "normalisation");
        }

        return metadata;
    }
}
