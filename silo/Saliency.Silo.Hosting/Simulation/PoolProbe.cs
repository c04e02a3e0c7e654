using System.Collections.Concurrent;
using System.Diagnostics;
using Saliency.Contracts;
using Saliency.Grains.Scheduling;

namespace Saliency.Silo.Hosting.Simulation;

/// <summary>
/// What the pool simulation observes of a sweep, from outside the code under test: every work-grain call as the work
/// grain receives it (shard, device, start, end: <see cref="ShardCall"/>), the sweep grain's calls to the trial
/// aggregators (caller side: message, queueing and the aggregator's work) and the result store's operations
/// (<see cref="TimedResultStore"/>). Times are <see cref="Stopwatch"/> timestamps.
/// </summary>
public sealed class PoolProbe : IIncomingGrainCallFilter, IOutgoingGrainCallFilter
{
    private readonly ConcurrentQueue<ShardCall> _shardCalls = new();
    private long _aggregatorTicks;
    private int _aggregatorCalls;
    private long _storeTicks;
    private int _storeCalls;

    /// <summary>Work-grain calls that ended, in order of their end.</summary>
    public IReadOnlyList<ShardCall> ShardCalls => [.. _shardCalls];

    /// <summary>Seconds the sweep grain spent waiting on aggregator <c>Add</c> calls, in all.</summary>
    public double AggregatorSeconds => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _aggregatorTicks)).TotalSeconds;

    public int AggregatorCalls => Volatile.Read(ref _aggregatorCalls);

    /// <summary>Seconds spent in result-store operations (any caller), in all.</summary>
    public double StoreSeconds => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _storeTicks)).TotalSeconds;

    public int StoreCalls => Volatile.Read(ref _storeCalls);

    async Task IIncomingGrainCallFilter.Invoke(IIncomingGrainCallContext context)
    {
        if (context.Request.GetArgumentCount() == 0 || context.Request.GetArgument(0) is not ShardWork work)
        {
            await context.Invoke();
            return;
        }

        var device = DeviceSlot.Current;
        var start = Stopwatch.GetTimestamp();
        var ok = false;
        try
        {
            await context.Invoke();
            ok = true;
        }
        finally
        {
            _shardCalls.Enqueue(new ShardCall(work.Key, device, start, Stopwatch.GetTimestamp(), ok));
        }
    }

    async Task IOutgoingGrainCallFilter.Invoke(IOutgoingGrainCallContext context)
    {
        if (context.InterfaceMethod?.DeclaringType != typeof(ITrialAggregatorGrain) || context.MethodName != nameof(ITrialAggregatorGrain.Add))
        {
            await context.Invoke();
            return;
        }

        var start = Stopwatch.GetTimestamp();
        try
        {
            await context.Invoke();
        }
        finally
        {
            Interlocked.Add(ref _aggregatorTicks, Stopwatch.GetTimestamp() - start);
            Interlocked.Increment(ref _aggregatorCalls);
        }
    }

    internal void StoreCall(long startTimestamp)
    {
        Interlocked.Add(ref _storeTicks, Stopwatch.GetTimestamp() - startTimestamp);
        Interlocked.Increment(ref _storeCalls);
    }
}
