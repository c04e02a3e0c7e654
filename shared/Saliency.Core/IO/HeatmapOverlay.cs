namespace Saliency.Core.IO;

/// <summary>
/// Renders a saliency map over a greyscale image as RGBA: each pixel is 50 % image grey + 50 % the jet colour of the
/// normalised saliency s in [0, 1] (blue 0 -> cyan -> yellow -> red 1), and, when a mask is given, the defect
/// outline (mask pixels with a 4-neighbour outside the mask) drawn in pure green.
/// </summary>
public static class HeatmapOverlay
{
    /// <summary>Jet colour map: r, g, b in [0, 1] for s in [0, 1] (clamped).</summary>
    public static (float R, float G, float B) Jet(float s)
    {
        s = Math.Clamp(s, 0f, 1f);
        static float Band(float v) => Math.Clamp(1.5f - Math.Abs(v), 0f, 1f);
        return (Band((4 * s) - 3), Band((4 * s) - 2), Band((4 * s) - 1));
    }

    /// <param name="image">The image, H x W.</param>
    /// <param name="saliency">Normalised saliency in [0, 1], row-major H x W.</param>
    /// <param name="mask">Optional mask, row-major H x W, nonzero = defect.</param>
    /// <returns>Row-major RGBA bytes (4 per pixel), for <see cref="ImageIO.WriteRgbaPng"/>.</returns>
    public static byte[] Render(GrayImage image, ReadOnlySpan<float> saliency, ReadOnlySpan<byte> mask = default)
    {
        int h = image.Height, w = image.Width;
        if (saliency.Length != h * w || (!mask.IsEmpty && mask.Length != h * w))
        {
            throw new ArgumentException($"saliency ({saliency.Length}) and mask ({mask.Length}) must have {h * w} values");
        }

        var rgba = new byte[h * w * 4];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                int i = (y * w) + x;
                byte r, g, b;
                if (!mask.IsEmpty && IsOutline(mask, h, w, y, x))
                {
                    (r, g, b) = (0, 255, 0);
                }
                else
                {
                    var (cr, cg, cb) = Jet(saliency[i]);
                    float grey = image.Pixels[i];
                    r = Mix(grey, cr);
                    g = Mix(grey, cg);
                    b = Mix(grey, cb);
                }

                rgba[4 * i] = r;
                rgba[(4 * i) + 1] = g;
                rgba[(4 * i) + 2] = b;
                rgba[(4 * i) + 3] = 255;
            }
        }

        return rgba;
    }

    private static byte Mix(float grey, float colour) => (byte)Math.Clamp(MathF.Round((0.5f * grey) + (127.5f * colour)), 0, 255);

    private static bool IsOutline(ReadOnlySpan<byte> mask, int h, int w, int y, int x)
    {
        if (mask[(y * w) + x] == 0)
        {
            return false;
        }

        return (y > 0 && mask[((y - 1) * w) + x] == 0) || (y < h - 1 && mask[((y + 1) * w) + x] == 0)
            || (x > 0 && mask[(y * w) + x - 1] == 0) || (x < w - 1 && mask[(y * w) + x + 1] == 0);
    }
}
