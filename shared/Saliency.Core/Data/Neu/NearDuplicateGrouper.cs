using Saliency.Core.IO;

namespace Saliency.Core.Data.Neu;

/// <summary>
/// Groups near-duplicate images that may be rotated by 0/90/180/270 degrees (NEU-Seg ships most images four times,
/// rotated, across its splits). Each image is reduced to a <see cref="ThumbnailSize"/> square grey thumbnail (box
/// means); two images are duplicates when the mean squared difference of their thumbnails, minimised over the four
/// rotations, is below a threshold (default 2 on the 0-255 scale); groups are the connected components
/// (union-find). Candidate pairs are pruned with two rotation-invariant bounds that hold for any pair under the
/// threshold t: |mean a - mean b| &lt; sqrt(t) and |sd a - sd b| &lt; sqrt(t), so the result equals the all-pairs
/// comparison while touching only pairs of similar brightness.
/// </summary>
public static class NearDuplicateGrouper
{
    public const int ThumbnailSize = 25;
    public const double DefaultThreshold = 2.0;

    /// <summary>A <paramref name="size"/> x <paramref name="size"/> thumbnail (row-major box means, 0-255) of an
    /// image; box edges are at <c>floor(i * W / size)</c>, so a 200x200 image gives exact 8x8 blocks.</summary>
    public static float[] Thumbnail(GrayImage image, int size = ThumbnailSize)
    {
        if (image.Width < size || image.Height < size)
        {
            throw new ArgumentException($"image {image.Width}x{image.Height} is smaller than the {size}x{size} thumbnail", nameof(image));
        }

        var thumbnail = new float[size * size];
        for (int ty = 0; ty < size; ty++)
        {
            int y0 = ty * image.Height / size, y1 = (ty + 1) * image.Height / size;
            for (int tx = 0; tx < size; tx++)
            {
                int x0 = tx * image.Width / size, x1 = (tx + 1) * image.Width / size;
                long sum = 0;
                for (int y = y0; y < y1; y++)
                {
                    for (int x = x0; x < x1; x++)
                    {
                        sum += image.Pixels[(y * image.Width) + x];
                    }
                }

                thumbnail[(ty * size) + tx] = (float)sum / ((y1 - y0) * (x1 - x0));
            }
        }

        return thumbnail;
    }

    /// <summary>The smallest mean squared difference between <paramref name="a"/> and the four rotations of
    /// <paramref name="b"/> (both square thumbnails of the same size).</summary>
    public static double RotationDistance(float[] a, float[] b)
    {
        var rotations = RotationMaps(SideOf(a));
        double best = double.PositiveInfinity;
        foreach (var map in rotations)
        {
            best = Math.Min(best, Distance(a, b, map, double.PositiveInfinity));
        }

        return best;
    }

    /// <summary>Group id per thumbnail: 0, 1, ... numbered in order of each group's first member.</summary>
    public static int[] Group(IReadOnlyList<float[]> thumbnails, double threshold = DefaultThreshold)
    {
        int n = thumbnails.Count;
        if (n == 0)
        {
            return [];
        }

        int side = SideOf(thumbnails[0]);
        if (thumbnails.Any(t => t.Length != side * side))
        {
            throw new ArgumentException("thumbnails differ in size", nameof(thumbnails));
        }

        var rotations = RotationMaps(side);
        var mean = new double[n];
        var sd = new double[n];
        for (int i = 0; i < n; i++)
        {
            (mean[i], sd[i]) = MeanAndSd(thumbnails[i]);
        }

        var byMean = Enumerable.Range(0, n).OrderBy(i => mean[i]).ThenBy(i => i).ToArray();
        var parent = Enumerable.Range(0, n).ToArray();
        double bound = Math.Sqrt(threshold);
        for (int a = 0; a < n; a++)
        {
            int i = byMean[a];
            for (int b = a + 1; b < n && mean[byMean[b]] - mean[i] < bound; b++)
            {
                int j = byMean[b];
                if (Math.Abs(sd[i] - sd[j]) >= bound || Find(parent, i) == Find(parent, j))
                {
                    continue;
                }

                foreach (var map in rotations)
                {
                    if (Distance(thumbnails[i], thumbnails[j], map, threshold) < threshold)
                    {
                        parent[Find(parent, i)] = Find(parent, j);
                        break;
                    }
                }
            }
        }

        var ids = new int[n];
        var number = new Dictionary<int, int>();
        for (int i = 0; i < n; i++)
        {
            int root = Find(parent, i);
            if (!number.TryGetValue(root, out int id))
            {
                number[root] = id = number.Count;
            }

            ids[i] = id;
        }

        return ids;
    }

    /// <summary>Mean squared difference of a and b read through <paramref name="map"/>; stops early once it
    /// cannot be below <paramref name="stopAt"/>.</summary>
    private static double Distance(float[] a, float[] b, int[] map, double stopAt)
    {
        double limit = stopAt * a.Length;
        double sum = 0;
        for (int k = 0; k < a.Length; k++)
        {
            double d = a[k] - b[map[k]];
            sum += d * d;
            if (sum >= limit)
            {
                return double.PositiveInfinity;
            }
        }

        return sum / a.Length;
    }

    /// <summary>Index maps: rotation r reads <c>b[map[k]]</c> for position k, for 0, 90, 180 and 270 degrees.</summary>
    private static int[][] RotationMaps(int n)
    {
        var maps = new int[4][];
        for (int r = 0; r < 4; r++)
        {
            maps[r] = new int[n * n];
            for (int y = 0; y < n; y++)
            {
                for (int x = 0; x < n; x++)
                {
                    (int sy, int sx) = r switch
                    {
                        0 => (y, x),
                        1 => (n - 1 - x, y),
                        2 => (n - 1 - y, n - 1 - x),
                        _ => (x, n - 1 - y),
                    };
                    maps[r][(y * n) + x] = (sy * n) + sx;
                }
            }
        }

        return maps;
    }

    private static (double Mean, double Sd) MeanAndSd(float[] values)
    {
        double mean = values.Average(v => (double)v);
        double variance = values.Sum(v => (v - mean) * (v - mean)) / values.Length;
        return (mean, Math.Sqrt(variance));
    }

    private static int SideOf(float[] thumbnail)
    {
        int side = (int)Math.Round(Math.Sqrt(thumbnail.Length));
        if (side * side != thumbnail.Length || side == 0)
        {
            throw new ArgumentException($"thumbnail of {thumbnail.Length} values is not square", nameof(thumbnail));
        }

        return side;
    }

    private static int Find(int[] parent, int i)
    {
        while (parent[i] != i)
        {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }

        return i;
    }
}
