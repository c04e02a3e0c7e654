using System.Globalization;
using Saliency.Contracts;

namespace Saliency.Grains.Storage;

/// <summary>
/// The layout of the result store: <c>SWEEP/manifest.json</c>, <c>SWEEP/shards/TRIAL/NNNNNN.json</c> (shard index, at
/// least 6 digits) and <c>SWEEP/artifacts/NAME</c>, as relative '/'-separated keys.
/// </summary>
internal static class ResultKeys
{
    public const string ManifestName = "manifest.json";
    public const string ShardsFolder = "shards";
    public const string ArtifactsFolder = "artifacts";

    /// <summary>The prefix (ending in '/') under which a sweep's artifacts live.</summary>
    public static string ArtifactsPrefix(string sweepId) => $"{CheckName(sweepId)}/{ArtifactsFolder}/";

    public static string Artifact(string sweepId, string name) =>
        ArtifactsPrefix(sweepId) + string.Join('/', name.Split('/').Select(CheckName));

    public static string Manifest(string sweepId) => $"{CheckName(sweepId)}/{ManifestName}";

    /// <summary>The prefix (ending in '/') under which a sweep's shard results live.</summary>
    public static string ShardsPrefix(string sweepId) => $"{CheckName(sweepId)}/{ShardsFolder}/";

    public static string Shard(ShardKey key) =>
        $"{ShardsPrefix(key.SweepId)}{CheckName(key.TrialId)}/{key.Index.ToString("D6", CultureInfo.InvariantCulture)}.json";

    /// <summary>Parses <c>TRIAL/NNNNNN.json</c> (relative to <see cref="ShardsPrefix"/>); null for anything else.</summary>
    public static ShardKey? ParseShard(string sweepId, string relative)
    {
        var parts = relative.Split('/');
        if (parts.Length != 2 || !parts[1].EndsWith(".json", StringComparison.Ordinal))
        {
            return null;
        }

        return int.TryParse(parts[1][..^".json".Length], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? new ShardKey(sweepId, parts[0], index)
            : null;
    }

    /// <summary>Orders keys by (trial ordinal, index), the listing order of every store.</summary>
    public static IReadOnlyList<ShardKey> Ordered(IEnumerable<ShardKey> keys) =>
        keys.OrderBy(k => k.TrialId, StringComparer.Ordinal).ThenBy(k => k.Index).ToList();

    public static string CheckName(string name) =>
        name.Length == 0 || name.Contains('/') || name.Contains('\\') || name.StartsWith('.')
            ? throw new ArgumentException($"'{name}' is not a valid storage name", nameof(name))
            : name;
}
