namespace Saliency.Contracts;

/// <summary>
/// Computes one shard (key: <see cref="ShardKey.GrainKey"/>) on a GPU silo: queues it on the silo's device
/// executor, persists the result, and returns it. Only silos with an accelerator (role <c>gpu</c>) host this grain.
/// A shard can take long (queued behind others on the device, then minutes of maps), so its call has a response
/// timeout of <see cref="LongCallTimeout"/> rather than Orleans' 30 s default: a lost silo is noticed by cluster
/// membership (the call fails with <see cref="SiloUnavailableException"/>), not by a timeout.
/// </summary>
public interface IShardWorkGrain : IGrainWithStringKey
{
    /// <summary>Response timeout of the long-running work calls (12 hours).</summary>
    const string LongCallTimeout = "12:00:00";

    [ResponseTimeout(LongCallTimeout)]
    Task<ShardResult> Run(ShardWork work, CancellationToken cancellationToken = default);
}

/// <summary>
/// Resolves a sweep's sample selection against its data set (and model), on a GPU silo where the data lives
/// (key: the sweep id). Returns patch indices in ascending order.
/// </summary>
public interface ISampleResolverGrain : IGrainWithStringKey
{
    /// <summary>May run the model over the whole validation split (a rule with a confidence threshold).</summary>
    [ResponseTimeout(IShardWorkGrain.LongCallTimeout)]
    Task<IReadOnlyList<int>> Resolve(string dataPath, string modelPath, SampleSelectionSpec selection);

    /// <summary>Table 1 of the data set (the <c>table1.json</c> text <c>data prepare</c> wrote beside it), or null
    /// when the data set has none to give.</summary>
    Task<string?> DatasetComposition(string dataPath);
}
