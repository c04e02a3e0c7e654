using Saliency.Contracts;

namespace Saliency.Grains.Gpu;

/// <summary>
/// Computes a shard on the device thread: for each sample of <see cref="ShardWork.SampleIndices"/> (in order) one
/// raw map of the trial's method, scored under every normalisation of the work. Implementations keep the model and
/// data they load cached per silo (loaded once, not per shard); they are called from one thread per device.
/// </summary>
public interface IShardEvaluator
{
    IReadOnlyList<SampleResult> Evaluate(ShardWork work, string device, CancellationToken cancellationToken);
}

/// <summary>Resolves a sample selection against a data set (and model) on the silo that holds the data.</summary>
public interface ISampleSource
{
    IReadOnlyList<int> Resolve(string dataPath, string modelPath, SampleSelectionSpec selection, string device);
}
