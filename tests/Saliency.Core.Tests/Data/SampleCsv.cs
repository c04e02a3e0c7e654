using Saliency.TestFixtures;

namespace Saliency.Core.Tests.Data;

/// <summary>The real sample's train.csv read naively in the test (no production code), for independent checks.</summary>
internal static class SampleCsv
{
    public static string Path => System.IO.Path.Combine(DataPaths.SeverstalSample, "train.csv");

    /// <summary>(ImageId, ClassId, EncodedPixels) for every data row.</summary>
    public static IReadOnlyList<(string ImageId, int ClassId, string Encoded)> Rows() =>
        [.. File.ReadAllLines(Path).Skip(1).Where(l => l.Length > 0).Select(l =>
        {
            var f = l.Split(',');
            return (f[0], int.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture), f[2]);
        })];

    /// <summary>The pairs (start, length) of an encoded string.</summary>
    public static IEnumerable<(int Start, int Length)> Pairs(string encoded)
    {
        var v = encoded.Split(' ').Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        for (int i = 0; i < v.Length; i += 2)
        {
            yield return (v[i], v[i + 1]);
        }
    }

    /// <summary>Brute-force full-size class mask of one image: cls[row, col] = highest class covering the pixel,
    /// and present[row, col] = bit set of classes covering it.</summary>
    public static (byte[,] Highest, int[,] Present) FullMask(string imageId)
    {
        var highest = new byte[256, 1600];
        var present = new int[256, 1600];
        foreach (var (id, cls, encoded) in Rows().Where(r => r.ImageId == imageId))
        {
            foreach (var (start, length) in Pairs(encoded))
            {
                for (int p = start; p < start + length; p++)
                {
                    int col = (p - 1) / 256, row = (p - 1) % 256;
                    present[row, col] |= 1 << cls;
                    highest[row, col] = (byte)Math.Max(highest[row, col], cls);
                }
            }
        }

        return (highest, present);
    }
}
