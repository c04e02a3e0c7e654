using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Saliency.Contracts;
using Saliency.Core.IO;
using Saliency.Grains.Gpu.Execution;
using Saliency.Grains.Scheduling;
using Saliency.Grains.Storage;
using Saliency.Telemetry;

namespace Saliency.Grains.Gpu;

/// <summary>
/// Computes one shard on this silo's device executor and persists the result before returning it. A shard whose
/// result is already persisted (computed by an earlier attempt whose caller was lost) is returned as stored, so a
/// shard's samples are computed and counted once. On a silo that is shutting down, a shard that has not started on
/// the device is handed back (<see cref="SiloUnavailableException"/>: the sweep places it elsewhere without using an
/// attempt) while the one already computing finishes and is stored. The activation is dropped after the call (work
/// grains hold no state; the model and data stay cached in the silo's evaluator). Each call is one <c>saliency.shard</c> span with a
/// <c>saliency.method</c> child around the evaluation; the computed samples are recorded by <see cref="ShardTelemetry"/>.
/// </summary>
public sealed class ShardWorkGrain(DevicePool devices, IShardEvaluator evaluator, IResultStore store, ILocalSiloDetails silo, ILogger<ShardWorkGrain> logger)
    : Grain, IShardWorkGrain
{
    public async Task<ShardResult> Run(ShardWork work, CancellationToken cancellationToken = default)
    {
        // The device the scheduler placed this call on (device 0 unless the silo simulates a pool).
        var executor = devices.For(DeviceSlot.Current);
        try
        {
            using var shardSpan = SaliencyTracing.StartShard(work.Key.SweepId, work.Key.TrialId, work.Key.Index, work.SampleIndices.Count);
            shardSpan?.SetTag("saliency.shard.attempt", work.Attempt);
            var stored = await store.ReadShardAsync(work.Key, cancellationToken);
            if (stored is not null)
            {
                shardSpan?.SetTag("saliency.shard.stored", true);
                return stored;
            }

            (ShardEvaluation Evaluation, double Seconds) evaluated;
            try
            {
                evaluated = await Evaluate(executor, work, shardSpan, cancellationToken);
            }
            catch (DeviceStoppingException)
            {
                // The silo is draining (SIGTERM): the shard never started here. The sweep sees the silo as unavailable
                // (an infrastructure failure: no attempt used) and places the shard on another silo.
                logger.LogInformation("Shard {Shard} handed back: silo {Silo} is shutting down", work.Key, silo.Name);
                shardSpan?.SetTag("saliency.shard.handed_back", true);
                throw new SiloUnavailableException($"silo {silo.Name} is shutting down: shard {work.Key} handed back without starting");
            }

            var (evaluation, seconds) = evaluated;
            var result = new ShardResult(work.Key, evaluation.Samples, silo.Name, executor.Device, work.Attempt, seconds);
            await WriteMaps(work, evaluation.Maps);
            await store.WriteShardAsync(result, CancellationToken.None);
            logger.LogInformation("Shard {Shard} stored by silo {Silo} ({Device}, {Seconds:F1} s)", work.Key, silo.Name, executor.Device, seconds);
            return result;
        }
        finally
        {
            DeactivateOnIdle();
        }
    }

    /// <summary>
    /// Runs the evaluator on the device thread inside a method span (child of the shard span: the activity context
    /// does not flow into the executor's thread, so the parent is passed) and records the shard's metrics. The
    /// seconds are timed on the device thread: the shard's own device time, not its wait in the executor's queue.
    /// </summary>
    /// <summary>
    /// Stores the kept raw maps (and each sample's patch and mask, the same for every trial) as sweep artifacts
    /// before the shard result, so that a stored shard always has its maps.
    /// </summary>
    private async Task WriteMaps(ShardWork work, IReadOnlyList<SampleMap> maps)
    {
        foreach (var map in maps)
        {
            var folder = SweepArtifacts.SampleFolder(map.Sample);
            var mask = map.Mask.Select(m => m == 0 ? (byte)0 : (byte)255).ToArray();
            await store.WriteArtifactAsync(work.Key.SweepId, folder + SweepArtifacts.Image, ImageIO.EncodePng(new GrayImage(map.Width, map.Height, map.Pixels)));
            await store.WriteArtifactAsync(work.Key.SweepId, folder + SweepArtifacts.Mask, ImageIO.EncodePng(new GrayImage(map.Width, map.Height, mask)));
            await store.WriteArtifactAsync(work.Key.SweepId, SweepArtifacts.Map(map.Sample, work.Key.TrialId), NpyFile.Float32Bytes(map.Map, map.Height, map.Width));
        }
    }

    private async Task<(ShardEvaluation Evaluation, double Seconds)> Evaluate(IDeviceExecutor executor, ShardWork work, Activity? shardSpan, CancellationToken cancellationToken)
    {
        var method = work.Trial.VariantId;
        var device = executor.Device;
        var parent = shardSpan?.Context ?? default;
        try
        {
            var (evaluation, seconds) = await executor.RunAsync(
                ct =>
                {
                    using var methodSpan = SaliencyTracing.StartMethod(method, device, parent);
                    var clock = Stopwatch.StartNew();
                    var evaluated = evaluator.Evaluate(work, device, ct);
                    return (evaluated, clock.Elapsed.TotalSeconds);
                },
                cancellationToken);
            ShardTelemetry.RecordResults(method, device, evaluation.Samples);
            return (evaluation, seconds);
        }
        catch (Exception e) when (e is not OperationCanceledException and not DeviceStoppingException)
        {
            ShardTelemetry.RecordShardFailure(method, device, work.SampleIndices.Count);
            shardSpan?.SetStatus(ActivityStatusCode.Error, e.Message);
            throw;
        }
    }
}
