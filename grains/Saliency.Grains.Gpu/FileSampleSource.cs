using Saliency.Contracts;
using Saliency.Core;
using Saliency.Core.Data.Samples;
using Saliency.Storage;

namespace Saliency.Grains.Gpu;

/// <summary>
/// Resolves a selection from its samples file (<see cref="SamplesFile"/>: the JSON written by <c>saliency select</c>,
/// checked against the sweep's patch set, or plain text with one patch index per line). The
/// selection's <see cref="SampleSelectionSpec.Limit"/> keeps the first N indices in ascending order. Rule-based
/// selections (no file) need the patch set and the model and are resolved by the silo's EngineSampleSource.
/// </summary>
/// <param name="files">Resolves a <c>store:</c> reference of the samples file (default: local paths only).</param>
public sealed class FileSampleSource(StoreReferenceResolver? files = null) : ISampleSource
{
    public IReadOnlyList<int> Resolve(string dataPath, string modelPath, SampleSelectionSpec selection, string device)
    {
        var resolver = files ?? StoreReferenceResolver.LocalOnly;
        var file = resolver.LocalPath(
            selection.File ?? throw new InputException("this silo resolves samples from a samples file only; give samples.file", field: "samples"));
        var data = resolver.LocalPath(dataPath);
        var indices = SamplesFile.ReadIndices(file, File.Exists(data) ? data : null).Distinct().Order().ToList();
        return selection.Limit > 0 ? indices.Take(selection.Limit).ToList() : indices;
    }

    public string? DatasetComposition(string dataPath) => DatasetCompositionFile.Read(files ?? StoreReferenceResolver.LocalOnly, dataPath);
}
