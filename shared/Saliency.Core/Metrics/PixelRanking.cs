namespace Saliency.Core.Metrics;

/// <summary>
/// The order in which deletion and insertion change pixels: by the raw map's values, largest first (or by their
/// magnitudes), ties broken by pixel index (row-major, smaller first), so the order is deterministic.
/// </summary>
public static class PixelRanking
{
    /// <summary>
    /// For every pixel its position in the order (0 = changed first). <paramref name="absolute"/>: rank by |value|.
    /// </summary>
    /// <exception cref="ArgumentException">A value that is not finite.</exception>
    public static int[] Ranks(ReadOnlySpan<float> map, bool absolute)
    {
        var keys = new (float Key, int Index)[map.Length];
        for (int i = 0; i < map.Length; i++)
        {
            if (!float.IsFinite(map[i]))
            {
                throw new ArgumentException($"map value {i} is not finite", nameof(map));
            }

            keys[i] = (absolute ? Math.Abs(map[i]) : map[i], i);
        }

        Array.Sort(keys, static (p, q) => p.Key != q.Key ? q.Key.CompareTo(p.Key) : p.Index.CompareTo(q.Index));
        var ranks = new int[map.Length];
        for (int r = 0; r < keys.Length; r++)
        {
            ranks[keys[r].Index] = r;
        }

        return ranks;
    }
}
