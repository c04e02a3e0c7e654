using Saliency.Core.IO;

namespace Saliency.Core.Tests.Data;

/// <summary>Independent (test-side) thumbnail, rotation and distance code for checking the NEU grouping.</summary>
internal static class NeuTestHelpers
{
    /// <summary>25x25 means of 8x8 blocks of a 200x200 image.</summary>
    public static double[,] Thumbnail(GrayImage image)
    {
        var t = new double[25, 25];
        for (int y = 0; y < 200; y++)
        {
            for (int x = 0; x < 200; x++)
            {
                t[y / 8, x / 8] += image[y, x] / 64.0;
            }
        }

        return t;
    }

    /// <summary>Rotates a square array 90 degrees clockwise.</summary>
    public static T[,] Rotate<T>(T[,] a)
    {
        int n = a.GetLength(0);
        var r = new T[n, n];
        for (int y = 0; y < n; y++)
        {
            for (int x = 0; x < n; x++)
            {
                r[x, n - 1 - y] = a[y, x];
            }
        }

        return r;
    }

    /// <summary>Minimum over 4 rotations of the mean squared difference.</summary>
    public static double Distance(double[,] a, double[,] b)
    {
        double best = double.MaxValue;
        for (int r = 0; r < 4; r++)
        {
            double sum = 0;
            for (int y = 0; y < 25; y++)
            {
                for (int x = 0; x < 25; x++)
                {
                    sum += (a[y, x] - b[y, x]) * (a[y, x] - b[y, x]);
                }
            }

            best = Math.Min(best, sum / 625);
            b = Rotate(b);
        }

        return best;
    }

    public static GrayImage RotateImage(GrayImage image)
    {
        var a = new byte[image.Height, image.Width];
        for (int y = 0; y < image.Height; y++)
        {
            for (int x = 0; x < image.Width; x++)
            {
                a[y, x] = image[y, x];
            }
        }

        var r = Rotate(a);
        var pixels = new byte[image.Width * image.Height];
        Buffer.BlockCopy(r, 0, pixels, 0, pixels.Length);
        return new GrayImage(image.Height, image.Width, pixels);
    }
}
