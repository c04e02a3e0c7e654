using System.Globalization;
using Saliency.Contracts;
using Saliency.Core;
using Saliency.Core.Data;
using Saliency.Grains.Gpu;
using Saliency.Storage;
using Saliency.Torch.Model;
using Saliency.Torch.Training;

namespace Saliency.Grains.Gpu.Engine;

/// <summary>
/// Resolves a sweep's samples on a GPU silo: a samples file as <see cref="FileSampleSource"/> does, or a rule
/// (<see cref="SampleSelectionSpec"/>) through <see cref="SampleRule"/> with the sweep's patch set and model on
/// this silo's device. <see cref="SampleSelectionSpec.Limit"/> keeps the first N indices in ascending order.
/// <c>store:</c> references (data, model, samples file) are read from the silo's cached copies.
/// </summary>
/// <param name="files">Resolves <c>store:</c> references (default: local paths only).</param>
public sealed class EngineSampleSource(StoreReferenceResolver? files = null) : ISampleSource
{
    private readonly StoreReferenceResolver _files = files ?? StoreReferenceResolver.LocalOnly;

    public IReadOnlyList<int> Resolve(string dataPath, string modelPath, SampleSelectionSpec selection, string device)
    {
        if (!selection.IsRule)
        {
            return new FileSampleSource(_files).Resolve(dataPath, modelPath, selection, device);
        }

        var indices = ResolveRule(_files.LocalPath(dataPath), modelPath, selection, device);
        return selection.Limit > 0 ? indices.Take(selection.Limit).ToList() : indices;
    }

    public string? DatasetComposition(string dataPath) => DatasetCompositionFile.Read(_files, dataPath);

    private IReadOnlyList<int> ResolveRule(string dataPath, string modelPath, SampleSelectionSpec selection, string device)
    {
        var classes = selection.Classes
            .Select(c => int.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v
                : throw new InputException($"'{c}' is not a class number", field: "samples.classes"))
            .ToList();
        var patchSet = PatchSet.Load(dataPath);
        if (selection.Split == SampleSplits.All && selection.MinConfidence is null)
        {
            return SampleRule.Resolve(null, patchSet, dataPath, validationOnly: false, classes, null);
        }

        using var model = ModelStore.Load(_files.LocalPath(modelPath), TorchDevices.Parse(device, "Saliency:Executor:Device"));
        return SampleRule.Resolve(model, patchSet, dataPath, selection.Split == SampleSplits.Validation, classes, selection.MinConfidence);
    }
}
