namespace Saliency.Sweeps;

/// <summary>Values a sweep file may leave out.</summary>
public static class SweepDefaults
{
    /// <summary>The six normalisations of the study's Table 3, in its column order.</summary>
    public static IReadOnlyList<string> Normalisations { get; } = ["All-100", "Abs-100", "ReLU-100", "All-99", "Abs-99", "ReLU-99"];

    /// <summary>Both pointing games (the metric catalogue's default).</summary>
    public static IReadOnlyList<string> Metrics { get; } = [.. Saliency.Core.Metrics.Catalogue.MetricCatalogue.Default.Select(m => m.Id)];

    public const int ShardSize = 16;

    /// <summary>Samples (the first ones of the resolved list) whose raw maps a sweep keeps for Fig. 3.</summary>
    public const int MapSamples = 4;

    /// <summary>Attempts per shard before it is reported failed (1 = no retry).</summary>
    public const int MaxAttempts = 3;

    /// <summary>Shards in flight at once over the whole cluster.</summary>
    public const int MaxConcurrentShards = 8;
}
