using Saliency.Contracts;
using Saliency.Grains.Scheduling;

namespace Saliency.Grains.Tests;

/// <summary>The scheduler as a plain class: no Orleans, no clock but the one passed in.</summary>
public sealed class ShardSchedulerTests
{
    private static readonly DateTime T0 = new(2026, 12, 6, 0, 0, 0, DateTimeKind.Utc);

    private static List<ShardTracker> Shards(params (string Trial, int Samples)[] shards) =>
        [.. shards.Select((s, i) => new ShardTracker(new ShardKey("sweep", s.Trial, i), new TrialSpec(s.Trial, s.Trial, s.Trial, []), s.Samples))];

    private static ShardScheduler<string> Scheduler(List<ShardTracker> shards, SchedulerOptions? options = null) =>
        new(shards, options ?? new SchedulerOptions(), s => s.Trial.TrialId == "expensive" ? 100.0 * s.SampleCount : s.SampleCount);

    [Fact]
    public void Longest_shards_go_first_each_to_the_least_loaded_worker_at_most_per_worker_deep()
    {
        var shards = Shards(("cheap", 4), ("expensive", 1), ("cheap", 2), ("expensive", 3), ("cheap", 4));
        var scheduler = Scheduler(shards);
        var first = scheduler.Dispatch(["a", "b"], T0);

        // Costs: 4, 100, 2, 300, 4: the two expensive shards first, then the cheap ones by size, ties in order.
        Assert.Equal([3, 1, 0, 4], first.Select(d => d.Shard.Key.Index));
        Assert.Equal(["a", "b", "a", "b"], first.Select(d => d.Worker));
        Assert.Equal((2, 2, 4), (scheduler.InFlight("a"), scheduler.InFlight("b"), scheduler.Running));
        Assert.Empty(scheduler.Dispatch(["a", "b"], T0)); // both full

        scheduler.Succeeded(first[1].Shard, "b", new ShardOutcome(0, 0, "b", "cpu"));
        var next = Assert.Single(scheduler.Dispatch(["a", "b"], T0));
        Assert.Equal((2, "b"), (next.Shard.Key.Index, next.Worker));
        Assert.Equal(ShardPhase.Done, shards[1].Phase);
    }

    [Fact]
    public void With_slots_granted_by_the_pool_shards_go_exactly_there_longest_first_and_the_scheduler_says_what_it_holds_and_wants()
    {
        var shards = Shards(("cheap", 4), ("expensive", 1), ("cheap", 2), ("expensive", 3), ("cheap", 4));
        var scheduler = Scheduler(shards, new SchedulerOptions { MaxConcurrent = 4 });
        Assert.Equal(4, scheduler.Wanted(T0)); // 5 queued, at most 4 in flight

        // Three slots granted, two on one worker: one shard per slot, in slot order, the longest first.
        var started = scheduler.DispatchOnto(["b", "b", "a"], T0);
        Assert.Equal([(3, "b"), (1, "b"), (0, "a")], started.Select(d => (d.Shard.Key.Index, d.Worker)));
        Assert.Equal(["a", "b", "b"], scheduler.Held.Order(StringComparer.Ordinal));
        Assert.Equal(1, scheduler.Wanted(T0)); // the cap leaves room for one more

        // More slots than the cap allows: only one is used.
        Assert.Single(scheduler.DispatchOnto(["a", "a"], T0));
        Assert.Equal(0, scheduler.Wanted(T0));
        scheduler.Succeeded(started[0].Shard, "b", new ShardOutcome(0, 0, "b", "cpu"));
        Assert.Equal(["a", "a", "b"], scheduler.Held.Order(StringComparer.Ordinal));
        Assert.Equal(1, scheduler.Wanted(T0));
    }

    [Fact]
    public void The_sweeps_concurrency_caps_the_shards_in_flight_and_without_workers_shards_go_unplaced()
    {
        var scheduler = Scheduler(Shards(("a", 1), ("a", 1), ("a", 1)), new SchedulerOptions { MaxConcurrent = 2 });
        var started = scheduler.Dispatch([], T0);
        Assert.Equal(2, started.Count);
        Assert.All(started, d => Assert.Null(d.Worker));
    }

    [Fact]
    public void A_failed_computation_uses_an_attempt_and_is_retried_until_max_attempts_then_gives_up()
    {
        var shards = Shards(("a", 1));
        var scheduler = Scheduler(shards, new SchedulerOptions { MaxAttempts = 2 });
        var (shard, worker) = Assert.Single(scheduler.Dispatch(["w"], T0));
        Assert.Equal(ShardFailureAction.Retried, scheduler.Failed(shard, worker, "boom", infrastructure: false, T0));
        Assert.Equal((ShardPhase.Pending, 1, 0), (shard.Phase, shard.Attempts, scheduler.InFlight("w")));
        (shard, worker) = Assert.Single(scheduler.Dispatch(["w"], T0));
        Assert.Equal(ShardFailureAction.GaveUp, scheduler.Failed(shard, worker, "boom again", infrastructure: false, T0));
        Assert.Equal((ShardPhase.Failed, 2, "boom again"), (shard.Phase, shard.Attempts, shard.LastError));
        Assert.False(scheduler.HasWork);
        Assert.Equal(1, scheduler.Retries);
    }

    [Fact]
    public void A_lost_worker_costs_no_attempt_and_the_shard_waits_out_a_growing_back_off()
    {
        var shards = Shards(("a", 1));
        var options = new SchedulerOptions { MaxAttempts = 1, InfrastructureBackoff = TimeSpan.FromSeconds(1), MaxInfrastructureRetries = 3 };
        var scheduler = Scheduler(shards, options);
        var now = T0;
        for (int retry = 1; retry <= 3; retry++)
        {
            var (shard, worker) = Assert.Single(scheduler.Dispatch(["w"], now));
            Assert.Equal(ShardFailureAction.PlacedAgainLater, scheduler.Failed(shard, worker, "silo gone", infrastructure: true, now));
            Assert.Equal(0, shard.Attempts);
            Assert.Equal(now + TimeSpan.FromSeconds(retry), scheduler.NextReady);
            Assert.Empty(scheduler.Dispatch(["w"], now + TimeSpan.FromSeconds(retry) - TimeSpan.FromTicks(1)));
            now += TimeSpan.FromSeconds(retry);
        }

        // Out of infrastructure retries: the failure now counts as an attempt, and with one allowed the shard fails.
        var (last, lastWorker) = Assert.Single(scheduler.Dispatch(["w"], now));
        Assert.Equal(ShardFailureAction.GaveUp, scheduler.Failed(last, lastWorker, "silo gone", infrastructure: true, now));
        Assert.Equal(ShardPhase.Failed, last.Phase);
    }

    [Fact]
    public void Shards_already_done_are_not_queued_and_an_abandoned_shard_is_pending_again_without_a_retry()
    {
        var shards = Shards(("a", 1), ("a", 1));
        shards[0].LoadedFromStore(new ShardResult(shards[0].Key, [], "s", "cpu", 1, 0));
        var scheduler = Scheduler(shards);
        var (shard, worker) = Assert.Single(scheduler.Dispatch(["w"], T0));
        Assert.Equal(1, shard.Key.Index);
        scheduler.Abandoned(shard, worker);
        Assert.Equal((ShardPhase.Pending, 0, 0), (shard.Phase, scheduler.Running, scheduler.Retries));
    }
}
