namespace Saliency.Contracts;

/// <summary>Life cycle of a sweep. Terminal states: <see cref="Completed"/>, <see cref="Cancelled"/>, <see cref="Failed"/>.</summary>
[GenerateSerializer, Alias("saliency.SweepState")]
public enum SweepState
{
    /// <summary>Known (e.g. from storage after a restart) but not scheduling.</summary>
    Idle = 0,

    /// <summary>Shards are being scheduled and computed.</summary>
    Running = 1,

    /// <summary>Every shard has a result (some samples may have failed or been skipped; see the counts).</summary>
    Completed = 2,

    /// <summary>Stopped by the user; finished shards are kept, <c>resume</c> continues.</summary>
    Cancelled = 3,

    /// <summary>Some shards failed after every allowed attempt, or the sweep could not start; see the message.</summary>
    Failed = 4,
}
