using System.Diagnostics;
using Orleans.Runtime;
using Saliency.Contracts;
using Saliency.Grains.Gpu.Execution;
using Saliency.Grains.Storage;

namespace Saliency.Grains.Gpu;

/// <summary>
/// Computes one shard on this silo's device executor and persists the result before returning it. A shard whose
/// result is already persisted (computed by an earlier attempt whose caller was lost) is returned as stored, so a
/// shard's samples are computed and counted once. The activation is dropped after the call (work grains hold no
/// state; the model and data stay cached in the silo's evaluator).
/// </summary>
public sealed class ShardWorkGrain(IDeviceExecutor executor, IShardEvaluator evaluator, IResultStore store, ILocalSiloDetails silo)
    : Grain, IShardWorkGrain
{
    public async Task<ShardResult> Run(ShardWork work, CancellationToken cancellationToken = default)
    {
        try
        {
            var stored = await store.ReadShardAsync(work.Key, cancellationToken);
            if (stored is not null)
            {
                return stored;
            }

            // Timed on the device thread: the shard's own device time, not its wait in the executor's queue.
            var (samples, seconds) = await executor.RunAsync(
                ct =>
                {
                    var clock = Stopwatch.StartNew();
                    var evaluated = evaluator.Evaluate(work, executor.Device, ct);
                    return (evaluated, clock.Elapsed.TotalSeconds);
                },
                cancellationToken);
            var result = new ShardResult(work.Key, samples, silo.Name, executor.Device, work.Attempt, seconds);
            await store.WriteShardAsync(result, CancellationToken.None);
            return result;
        }
        finally
        {
            DeactivateOnIdle();
        }
    }
}
