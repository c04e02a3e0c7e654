using Saliency.Grains.Scheduling;

namespace Saliency.Grains.Tests;

/// <summary>The pool's ledger as a plain class: slots across sweeps, fair shares, self-healing. No Orleans, no clock but the one passed in.</summary>
public sealed class PoolLedgerTests
{
    private static readonly DateTime T0 = new(2026, 12, 6, 0, 0, 0, DateTimeKind.Utc);
    private static readonly PoolLedgerOptions Options = new();

    /// <summary>After the warm-up, so grants are made.</summary>
    private static readonly DateTime Warm = T0 + Options.WarmUp;

    private static string[] Workers(int n) => [.. Enumerable.Range(0, n).Select(i => $"w{i}")];

    private static PoolLedger<string> Ledger() => new(Options, T0);

    [Fact]
    public void A_sweep_alone_gets_every_slot_of_the_pool_least_loaded_first_and_no_more()
    {
        var ledger = Ledger();
        var live = Workers(3);
        var granted = ledger.Acquire("a", [], 10, live, Warm);
        Assert.Equal(["w0", "w1", "w2", "w0", "w1", "w2"], granted);
        Assert.Empty(ledger.Acquire("a", granted, 4, live, Warm));
        Assert.All(live, w => Assert.Equal(2, ledger.Load(w)));

        // A sweep that wants less gets what it wants.
        var small = Ledger();
        Assert.Equal(["w0", "w1"], small.Acquire("a", [], 2, live, Warm));
    }

    [Fact]
    public void A_second_sweep_is_never_given_a_slot_on_a_worker_the_first_fills()
    {
        var ledger = Ledger();
        var live = Workers(2);
        var a = ledger.Acquire("a", [], 2, live, Warm);
        Assert.Equal(["w0", "w1"], a);

        // b's fair share is 2 of the 4 slots, and the free ones are one on each worker.
        var b = ledger.Acquire("b", [], 5, live, Warm);
        Assert.Equal(["w0", "w1"], b);
        Assert.Empty(ledger.Acquire("c", [], 5, live, Warm));
        Assert.All(live, w => Assert.Equal(2, ledger.Load(w)));
    }

    [Fact]
    public void While_warming_up_the_ledger_only_listens_so_holdings_reported_then_are_respected()
    {
        var ledger = Ledger();
        var live = Workers(2);

        // A sweep that was running before this ledger started reports its shards; nothing is granted yet.
        Assert.Empty(ledger.Acquire("old", ["w0", "w0"], 3, live, T0 + TimeSpan.FromSeconds(0.5)));
        Assert.Empty(ledger.Acquire("new", [], 4, live, Warm - TimeSpan.FromTicks(1)));
        Assert.Equal(2, ledger.Load("w0"));

        // After the warm-up: w0 is full, so the new sweep only gets w1's slots (its share is 2 of 4).
        Assert.Equal(["w1", "w1"], ledger.Acquire("new", [], 4, live, Warm));
    }

    [Fact]
    public void Shares_are_max_min_fair_the_remainder_going_to_those_holding_most()
    {
        var ledger = Ledger();
        var live = Workers(4); // 8 slots
        ledger.Acquire("small", [], 1, live, T0);
        ledger.Acquire("b", [], 20, live, T0);
        ledger.Acquire("c", [], 20, live, T0);

        // small wants less than a third: it gets its 1, b and c split the 7 left (the odd one by id: b).
        Assert.Equal(Sorted(("b", 4), ("c", 3), ("small", 1)), Sorted(ledger.Shares(4)));

        // With no demand a sweep has no share; three equal claimants split 8 as 3, 3, 2, the odd slots going to
        // those holding the most (d holds 2, c holds 1, b none).
        ledger.Acquire("small", [], 0, live, T0);
        ledger.Acquire("c", ["w0"], 20, live, T0);
        ledger.Acquire("d", ["w1", "w2"], 20, live, T0);
        Assert.Equal(Sorted(("b", 2), ("c", 3), ("d", 3)), Sorted(ledger.Shares(4)));
    }

    [Fact]
    public void A_sweep_that_was_alone_shrinks_to_its_share_as_its_shards_finish_and_the_newcomer_takes_the_freed_slots()
    {
        var ledger = Ledger();
        var live = Workers(3); // 6 slots
        var a = ledger.Acquire("a", [], 100, live, Warm).ToList();
        Assert.Equal(6, a.Count);
        Assert.Empty(ledger.Acquire("b", [], 100, live, Warm)); // nothing free, nothing taken back

        // a's shards finish one by one; a asks again each time (it wants more) but is above its share of 3, so each
        // freed slot goes to b.
        var b = new List<string>();
        for (var finished = 1; finished <= 3; finished++)
        {
            var freed = a[0];
            a.RemoveAt(0);
            Assert.Empty(ledger.Acquire("a", a, 100, live, Warm));
            var granted = ledger.Acquire("b", b, 100, live, Warm);
            Assert.Equal([freed], granted);
            b.AddRange(granted);
        }

        // At the fair share (3 each), a's next freed slot is a's again.
        Assert.Equal((3, 3), (ledger.Holding("a"), ledger.Holding("b")));
        var last = a[0];
        a.RemoveAt(0);
        Assert.Equal([last], ledger.Acquire("a", a, 100, live, Warm));
        Assert.All(live, w => Assert.Equal(2, ledger.Load(w)));
    }

    [Fact]
    public void A_released_sweeps_slots_go_to_the_others_and_a_silent_sweep_is_forgotten_after_the_expiry()
    {
        var ledger = Ledger();
        var live = Workers(2);
        var a = ledger.Acquire("a", [], 10, live, Warm);
        var b = ledger.Acquire("b", [], 10, live, Warm);
        Assert.Equal((4, 0), (a.Count, b.Count)); // a took all 4 while alone
        ledger.Release("a");
        Assert.Equal(4, ledger.Acquire("b", [], 10, live, Warm).Count);

        // b goes silent (its grain died); c is denied until the ledger forgets b.
        Assert.Empty(ledger.Acquire("c", [], 10, live, Warm + Options.Expiry));
        Assert.Equal(4, ledger.Acquire("c", [], 10, live, Warm + Options.Expiry + TimeSpan.FromTicks(1)).Count);
        Assert.DoesNotContain("b", ledger.Sweeps);
    }

    [Fact]
    public void Shards_on_a_worker_that_left_hold_no_slot_and_a_new_worker_is_used_at_once()
    {
        var ledger = Ledger();
        Assert.Equal(["w0", "w1", "w0", "w1"], ledger.Acquire("a", [], 10, Workers(2), Warm));

        // w0 died with a's two shards; w2 joined: a (the only sweep) gets w2's slots and no more.
        Assert.Equal(["w2", "w2"], ledger.Acquire("a", ["w0", "w1", "w0", "w1"], 10, ["w1", "w2"], Warm));
        Assert.Equal(0, ledger.Load("w0"));
    }

    /// <summary>
    /// Three sweeps with random demands and random shard ends on five workers, each holding exactly what the ledger
    /// granted it (the truth kept here, not in the ledger): no worker ever has more than the per-worker limit, and
    /// while all three want more than they hold, once the first holdings have turned over, their holdings are within
    /// one of each other.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Under_random_load_no_worker_exceeds_the_limit_and_contending_sweeps_converge_to_equal_shares(int seed)
    {
        var random = new Random(seed);
        var live = Workers(5);
        var ledger = Ledger();
        var held = new Dictionary<string, List<string>> { ["a"] = [], ["b"] = [], ["c"] = [] };
        var now = Warm;
        for (var step = 0; step < 2000; step++)
        {
            now += TimeSpan.FromMilliseconds(10);
            var sweep = held.Keys.ElementAt(random.Next(held.Count));
            if (held[sweep].Count > 0 && random.Next(2) == 0)
            {
                held[sweep].RemoveAt(random.Next(held[sweep].Count)); // a shard ended
            }

            var wanted = step < 1000 ? random.Next(0, 6) : 100; // then: every sweep wants more than the pool
            held[sweep].AddRange(ledger.Acquire(sweep, held[sweep], wanted, live, now));

            foreach (var worker in live)
            {
                var load = held.Values.Sum(h => h.Count(w => w == worker));
                Assert.True(load <= Options.PerWorker, $"step {step}: {worker} has {load} shards in flight (limit {Options.PerWorker})");
            }

            if (step >= 1500)
            {
                var counts = held.Values.Select(h => h.Count).ToList();
                Assert.True(counts.Max() - counts.Min() <= 1, $"step {step}: holdings {string.Join(", ", counts)} under contention");
                Assert.Equal(live.Length * Options.PerWorker, counts.Sum()); // and the pool is full
            }
        }
    }

    private static List<KeyValuePair<string, int>> Sorted(IEnumerable<KeyValuePair<string, int>> shares) =>
        [.. shares.OrderBy(s => s.Key, StringComparer.Ordinal)];

    private static List<KeyValuePair<string, int>> Sorted(params (string Sweep, int Share)[] shares) =>
        Sorted(shares.Select(s => KeyValuePair.Create(s.Sweep, s.Share)));
}
