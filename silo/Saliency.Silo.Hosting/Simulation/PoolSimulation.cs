using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Core.Internal;
using Saliency.Contracts;
using Saliency.Grains.Storage;
using Saliency.Sweeps;

namespace Saliency.Silo.Hosting.Simulation;

/// <summary>
/// Runs a sweep on a simulated pool of GPU silos: one in-process silo (<see cref="EmbeddedCluster"/>) whose scheduler
/// sees <see cref="PoolSimulationOptions.Silos"/> devices, each with its own executor, queue and thread
/// (<c>Saliency:Executor:SimulatedDevices</c>), computed by the synthetic evaluator, which waits each shard's modelled
/// service time (method cost from the catalogue x seconds per pass x time scale). Everything else is the real path:
/// sweep grain, scheduler, work grains, result store (a local folder), trial aggregators. A <see cref="PoolProbe"/>
/// records what happened; see docs/cluster.md (pool simulation) for why one silo and not one silo per GPU.
/// </summary>
public static class PoolSimulation
{
    /// <summary>Device label of the simulated GPUs (<c>sim-gpu/0</c> ...).</summary>
    public const string Device = "sim-gpu";

    public static async Task<PoolRun> RunAsync(SweepSpec spec, PoolSimulationOptions options, CancellationToken cancellationToken = default)
    {
        var results = Path.Combine(Path.GetTempPath(), "saliency-pool", Guid.NewGuid().ToString("N")[..12]);
        var probe = new PoolProbe();
        try
        {
            await using var cluster = await EmbeddedCluster.StartAsync(
                o =>
                {
                    o.Executor.Device = Device;
                    o.Executor.Evaluator = "synthetic";
                    o.Executor.SyntheticSecondsPerPass = options.SecondsPerPass;
                    o.Executor.SyntheticTimeScale = options.TimeScale;
                    o.Executor.SimulatedDevices = options.Silos;
                    o.Results.Directory = results;
                },
                services =>
                {
                    services.AddSingleton<IIncomingGrainCallFilter>(probe);
                    services.AddSingleton<IOutgoingGrainCallFilter>(probe);
                    var store = services.Last(d => d.ServiceType == typeof(IResultStore));
                    var factory = store.ImplementationFactory ?? throw new InvalidOperationException("the result store is not registered by a factory");
                    services.Remove(store);
                    services.AddSingleton<IResultStore>(sp => new TimedResultStore((IResultStore)factory(sp), probe));
                },
                cancellationToken);

            // Warm-up (not measured): one shard per simulated silo of the first trial, so code is compiled and the
            // grain types, store and aggregators have been used once, as in a long-running pool.
            var warm = SweepFile.With(spec with { Trials = [.. spec.Trials.Take(1)] }, name: $"{spec.Name}-warmup",
                samples: spec.Samples with { Limit = options.Silos }, shardSize: 1, maxConcurrentShards: 2 * options.Silos);
            var warmSweep = cluster.Client.GetGrain<ISweepGrain>(warm.SweepId);
            await warmSweep.Submit(warm);
            await WaitFinished(warmSweep, options.Timeout, cancellationToken);
            var (aggregatorBefore, storeBefore) = (probe.AggregatorSeconds, probe.StoreSeconds);

            var sweep = cluster.Client.GetGrain<ISweepGrain>(spec.SweepId);
            var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
            var allocatedBefore = GC.GetTotalAllocatedBytes();
            var submitted = Stopwatch.GetTimestamp();
            await sweep.Submit(spec);
            var status = await WaitFinished(sweep, options.Timeout, cancellationToken);
            var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
            var retained = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
            var (aggregatorSeconds, storeSeconds) = (probe.AggregatorSeconds - aggregatorBefore, probe.StoreSeconds - storeBefore);

            var shards = new List<ShardResult>();
            foreach (var trial in spec.Trials)
            {
                shards.AddRange(await sweep.GetShardResults(trial.TrialId));
            }

            var aggregates = (await sweep.GetResults()).Trials;
            var calls = probe.ShardCalls.Where(c => c.Key.SweepId == spec.SweepId).ToList();

            // The sweep grain's own memory: the managed heap with the finished sweep's grain still active (a tracker
            // per shard, the manifest with the sample list, the scheduler) minus the heap once that one activation is
            // gone, nothing else changed (aggregators, work grains and the warm-up sweep stay as they are).
            // The management calls that wait for the deactivation are made once before, so that what they leave
            // behind (caches, pooled buffers) is on both sides; each side is the median of three settled readings.
            var management = cluster.Client.GetGrain<IManagementGrain>(0);
            await management.GetDetailedGrainStatistics();
            var heapWithSweep = SettledHeap();
            await DeactivateAsync(management, sweep, TimeSpan.FromSeconds(30), cancellationToken);
            var sweepGrainBytes = heapWithSweep - SettledHeap();
            return new PoolRun
            {
                Options = options,
                Status = status,
                Shards = shards,
                Aggregates = aggregates,
                ShardCalls = calls,
                WallSeconds = status.ElapsedSeconds,
                FirstDispatchSeconds = calls.Count == 0 ? double.NaN : Stopwatch.GetElapsedTime(submitted, calls.Min(c => c.Start)).TotalSeconds,
                AggregatorSeconds = aggregatorSeconds,
                StoreSeconds = storeSeconds,
                AllocatedBytes = allocated,
                RetainedBytes = retained,
                SweepGrainBytes = sweepGrainBytes,
            };
        }
        finally
        {
            try
            {
                Directory.Delete(results, recursive: true);
            }
            catch (IOException)
            {
                // A temp folder left behind is harmless.
            }
        }
    }

    /// <summary>
    /// Managed heap after full, compacting collections with finalizers run in between, once the process is quiet: the
    /// median of three readings, repeated (50 ms apart, at most 20 times) until two medians in a row agree within
    /// 512 bytes. Work still releasing or allocating memory in the background (an earlier cluster in the same process
    /// shutting down, as in the test suite) shows up as drift between medians and is waited out, instead of being
    /// counted as the sweep grain's.
    /// </summary>
    private static long SettledHeap()
    {
        var previous = MedianHeap();
        for (var attempt = 0; attempt < 20; attempt++)
        {
            Thread.Sleep(50);
            var next = MedianHeap();
            if (Math.Abs(next - previous) <= 512)
            {
                return next;
            }

            previous = next;
        }

        return previous;
    }

    private static long MedianHeap()
    {
        var readings = new long[3];
        for (var i = 0; i < readings.Length; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            readings[i] = GC.GetTotalMemory(forceFullCollection: true);
        }

        Array.Sort(readings);
        return readings[1];
    }

    /// <summary>
    /// Deactivates the sweep's grain (Orleans' management extension, as <c>DeactivateOnIdle</c> from inside) and waits
    /// until the cluster no longer knows an activation of it.
    /// </summary>
    private static async Task DeactivateAsync(IManagementGrain management, ISweepGrain sweep, TimeSpan timeout, CancellationToken ct)
    {
        await sweep.AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        var id = sweep.GetGrainId();
        var deadline = DateTime.UtcNow + timeout;
        while ((await management.GetDetailedGrainStatistics()).Any(g => g.GrainId == id))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"sweep grain {sweep.GetPrimaryKeyString()} still active {timeout.TotalSeconds:F0} s after its deactivation was asked for");
            }

            await Task.Delay(20, ct);
        }
    }

    private static async Task<SweepStatus> WaitFinished(ISweepGrain sweep, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var status = await sweep.GetStatus();
            if (status.IsFinished)
            {
                return status;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"sweep {sweep.GetPrimaryKeyString()} not finished after {timeout.TotalSeconds:F0} s: {status.ShardsDone}/{status.ShardsTotal} shards");
            }

            await Task.Delay(50, ct);
        }
    }
}
