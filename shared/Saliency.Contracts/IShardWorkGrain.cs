namespace Saliency.Contracts;

/// <summary>
/// Computes one shard (key: <see cref="ShardKey.GrainKey"/>) on a GPU silo: queues it on the silo's device
/// executor, persists the result, and returns it. Only silos with an accelerator (role <c>gpu</c>) host this grain.
/// </summary>
public interface IShardWorkGrain : IGrainWithStringKey
{
    Task<ShardResult> Run(ShardWork work, CancellationToken cancellationToken = default);
}

/// <summary>
/// Resolves a sweep's sample selection against its data set (and model), on a GPU silo where the data lives
/// (key: the sweep id). Returns patch indices in ascending order.
/// </summary>
public interface ISampleResolverGrain : IGrainWithStringKey
{
    Task<IReadOnlyList<int>> Resolve(string dataPath, string modelPath, SampleSelectionSpec selection);
}
