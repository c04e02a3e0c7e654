using Saliency.Grains.Scheduling;

namespace Saliency.Grains.Tests;

/// <summary>
/// An unreachable pool ledger, asked every 200 ms for 30 s (membership healing after a silo died), is logged when the
/// streak starts, every 10 s while it lasts, and once when the ledger answers again: 4 lines instead of 150.
/// </summary>
public sealed class FailureStreakTests
{
    private static readonly DateTime Start = new(2026, 12, 6, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_ledger_failing_every_poll_for_30_s_is_logged_at_start_every_10_s_and_at_its_end()
    {
        var streak = new FailureStreak(TimeSpan.FromSeconds(10));
        var logged = new List<(double At, FailureStreak.Streak Streak)>();
        for (var ask = 0; ask < 150; ask++)
        {
            var now = Start.AddMilliseconds(200 * ask);
            if (streak.Failed(now) is { } report)
            {
                logged.Add(((now - Start).TotalSeconds, report));
            }
        }

        Assert.Equal([0.0, 10.0, 20.0], logged.Select(l => l.At));
        Assert.Equal([1, 51, 101], logged.Select(l => l.Streak.Failures));
        Assert.Equal([0.0, 10.0, 20.0], logged.Select(l => l.Streak.Duration.TotalSeconds));

        var ended = streak.Succeeded(Start.AddSeconds(30));
        Assert.Equal(new FailureStreak.Streak(150, TimeSpan.FromSeconds(30)), ended);
    }

    [Fact]
    public void Successes_outside_a_streak_log_nothing_and_a_new_streak_is_logged_at_once()
    {
        var streak = new FailureStreak(TimeSpan.FromSeconds(10));
        Assert.Null(streak.Succeeded(Start));
        Assert.Equal(new FailureStreak.Streak(1, TimeSpan.Zero), streak.Failed(Start.AddSeconds(1)));
        Assert.Null(streak.Failed(Start.AddSeconds(2)));
        Assert.Equal(new FailureStreak.Streak(2, TimeSpan.FromSeconds(2)), streak.Succeeded(Start.AddSeconds(3)));
        Assert.Null(streak.Succeeded(Start.AddSeconds(4)));

        // The next outage starts a new streak, logged at its first failure although the last line was 2 s ago.
        Assert.Equal(new FailureStreak.Streak(1, TimeSpan.Zero), streak.Failed(Start.AddSeconds(5)));
    }
}
