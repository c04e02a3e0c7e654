using Saliency.Contracts;
using Saliency.Core;
using Saliency.Core.Data;
using Saliency.Core.IO;
using Saliency.Storage;

namespace Saliency.Grains.Gpu;

/// <summary>
/// Computes a shard on the device thread: for each sample of <see cref="ShardWork.SampleIndices"/> (in order) one
/// raw map of the trial's method, scored under every normalisation of the work; the raw maps of
/// <see cref="ShardWork.MapSamples"/> come back too. Implementations keep the model and data they load cached per
/// silo (loaded once, not per shard); they are called from one thread per device.
/// </summary>
public interface IShardEvaluator
{
    ShardEvaluation Evaluate(ShardWork work, string device, CancellationToken cancellationToken);
}

/// <summary>A shard's per-sample results and the raw maps it was asked to keep.</summary>
public sealed record ShardEvaluation(IReadOnlyList<SampleResult> Samples, IReadOnlyList<SampleMap> Maps)
{
    public static ShardEvaluation ScoresOnly(IReadOnlyList<SampleResult> samples) => new(samples, []);
}

/// <summary>One sample's raw H x W map (row-major float32), with the patch it explains and the patch's defect mask.</summary>
public sealed record SampleMap(int Sample, int Height, int Width, float[] Map, byte[] Pixels, byte[] Mask);

/// <summary>Resolves a sample selection against a data set (and model) on the silo that holds the data.</summary>
public interface ISampleSource
{
    IReadOnlyList<int> Resolve(string dataPath, string modelPath, SampleSelectionSpec selection, string device);

    /// <summary>Table 1 of the data set as <c>table1.json</c> text, or null when there is none.</summary>
    string? DatasetComposition(string dataPath) => null;
}

/// <summary>
/// Reads the Table 1 file <c>data prepare</c> writes beside a patch set (<see cref="Table1Json.SidecarOf"/>), for a
/// local path or a <c>store:</c> reference (the sidecar is stored beside the patch set when its folder is pushed).
/// </summary>
public static class DatasetCompositionFile
{
    /// <exception cref="InputException">The sidecar exists but is not a valid Table 1.</exception>
    public static string? Read(StoreReferenceResolver files, string dataPath, CancellationToken ct = default)
    {
        string local;
        try
        {
            local = files.LocalPath(Table1Json.SidecarOf(dataPath), ct);
        }
        catch (InputException) when (StoreReference.IsReference(dataPath))
        {
            return null; // no sidecar in storage
        }

        if (!File.Exists(local))
        {
            return null;
        }

        Table1Json.Read(local);
        return File.ReadAllText(local);
    }
}
