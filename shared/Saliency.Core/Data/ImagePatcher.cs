using System.Numerics;
using Saliency.Core.IO;

namespace Saliency.Core.Data;

/// <summary>
/// Cuts a full image and its mask into square patches (<see cref="PatchingOptions"/>): crop the left and right
/// columns, then a grid of <c>PatchSize</c> squares over the rest, left to right, top to bottom; columns or rows
/// that do not fill a whole patch are ignored.
/// </summary>
public static class ImagePatcher
{
    /// <summary>Cuts an image.</summary>
    /// <param name="image">The full grey image.</param>
    /// <param name="classBits">Per pixel, row-major like the image: bit c set when defect class c covers it (bit 0
    /// unused). Where several classes overlap the patch mask gets the highest class id, while the patch label
    /// counts every class present.</param>
    /// <param name="options">Cropping, patch size and background rule.</param>
    public static IReadOnlyList<ImagePatch> Cut(GrayImage image, byte[] classBits, PatchingOptions options)
    {
        options.Validate();
        if (classBits.Length != image.Pixels.Length)
        {
            throw new ArgumentException($"mask has {classBits.Length} values for a {image.Width}x{image.Height} image", nameof(classBits));
        }

        int size = options.PatchSize;
        int columns = Math.Max(0, image.Width - options.CropLeft - options.CropRight) / size;
        int rows = image.Height / size;
        var patches = new List<ImagePatch>(columns * rows);
        for (int gy = 0; gy < rows; gy++)
        {
            for (int gx = 0; gx < columns; gx++)
            {
                patches.Add(CutOne(image, classBits, options, (gy * columns) + gx, options.CropLeft + (gx * size), gy * size));
            }
        }

        return patches;
    }

    private static ImagePatch CutOne(GrayImage image, byte[] classBits, PatchingOptions options, int index, int left, int top)
    {
        int size = options.PatchSize;
        var pixels = new byte[size * size];
        var mask = new byte[size * size];
        int presentBits = 0;
        int background = 0;
        for (int y = 0; y < size; y++)
        {
            int source = ((top + y) * image.Width) + left;
            image.Pixels.AsSpan(source, size).CopyTo(pixels.AsSpan(y * size, size));
            for (int x = 0; x < size; x++)
            {
                int bits = classBits[source + x] & ~1;
                presentBits |= bits;
                mask[(y * size) + x] = bits == 0 ? (byte)0 : (byte)(31 - BitOperations.LeadingZeroCount((uint)bits));
                if (pixels[(y * size) + x] < options.BlackThreshold)
                {
                    background++;
                }
            }
        }

        double fraction = (double)background / (size * size);
        return new ImagePatch(index, left, top, pixels, mask, PatchLabels.FromClassBits(presentBits), fraction, fraction > options.MaxBackgroundFraction);
    }
}
