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
