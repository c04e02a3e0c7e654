namespace Saliency.Reporting.Figures;

/// <summary>
/// The outline of a binary mask resampled to a cell: a cell pixel is on the outline when it is a defect pixel and a
/// pixel within <c>thickness</c> (Chebyshev distance) is not, or lies outside the image. Resampling is nearest
/// neighbour (<c>source = floor(cell * size / cellSize)</c>).
/// </summary>
public static class MaskOutline
{
    /// <summary>Nearest-neighbour resample of a row-major mask (nonzero = defect) to <paramref name="width"/> x <paramref name="height"/>.</summary>
    public static bool[] Resample(ReadOnlySpan<byte> mask, int maskWidth, int maskHeight, int width, int height)
    {
        var result = new bool[width * height];
        for (int y = 0; y < height; y++)
        {
            int sy = Math.Min(maskHeight - 1, (int)((long)y * maskHeight / height));
            for (int x = 0; x < width; x++)
            {
                int sx = Math.Min(maskWidth - 1, (int)((long)x * maskWidth / width));
                result[(y * width) + x] = mask[(sy * maskWidth) + sx] != 0;
            }
        }

        return result;
    }

    /// <summary>Outline pixels of a (resampled) mask, <paramref name="thickness"/> pixels wide, drawn inside the defect.</summary>
    public static bool[] Of(bool[] mask, int width, int height, int thickness)
    {
        var outline = new bool[mask.Length];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                if (!mask[(y * width) + x])
                {
                    continue;
                }

                bool edge = false;
                for (int dy = -thickness; dy <= thickness && !edge; dy++)
                {
                    for (int dx = -thickness; dx <= thickness && !edge; dx++)
                    {
                        int nx = x + dx, ny = y + dy;
                        edge = nx < 0 || ny < 0 || nx >= width || ny >= height || !mask[(ny * width) + nx];
                    }
                }

                outline[(y * width) + x] = edge;
            }
        }

        return outline;
    }
}
