namespace Saliency.Grains.Scheduling;

/// <summary>
/// Which failures of a call that is repeated while it fails are worth a log line. An unreachable pool ledger is asked
/// again every <see cref="PoolLedgerOptions.Poll"/> (200 ms) until membership heals, which is tens of seconds after a
/// silo dies; one warning per ask buried the log. A streak is reported when it starts, then at most once per
/// <paramref name="interval"/> with the failures since it started, and once when the call succeeds again.
/// </summary>
internal sealed class FailureStreak(TimeSpan interval)
{
    private int _failures;
    private DateTime _started;
    private DateTime _lastReported;

    /// <summary>A failure at <paramref name="now"/>: the streak so far when it is to be logged, otherwise null.</summary>
    public Streak? Failed(DateTime now)
    {
        if (_failures++ == 0)
        {
            _started = _lastReported = now;
            return new Streak(1, TimeSpan.Zero);
        }

        if (now - _lastReported < interval)
        {
            return null;
        }

        _lastReported = now;
        return new Streak(_failures, now - _started);
    }

    /// <summary>A success at <paramref name="now"/>: the streak it ends (to be logged), or null when there was none.</summary>
    public Streak? Succeeded(DateTime now)
    {
        if (_failures == 0)
        {
            return null;
        }

        var ended = new Streak(_failures, now - _started);
        _failures = 0;
        return ended;
    }

    /// <summary>Failures in a row and the time since the first of them.</summary>
    public readonly record struct Streak(int Failures, TimeSpan Duration);
}
