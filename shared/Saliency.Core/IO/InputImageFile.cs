namespace Saliency.Core.IO;

/// <summary>
/// A network input read from a file, as 3 x H x W float32 values (C order) plus a greyscale rendering for display.
/// Conventions: a <c>.npy</c> file (recognised by content; any numeric dtype) of shape H x W, 1 x H x W or
/// 3 x H x W is used as is (a single plane is repeated over 3 channels); any other file is decoded as an image,
/// reduced to grey (<see cref="ImageIO"/>) and scaled to [0, 1] (value / 255), repeated over 3 channels.
/// </summary>
public sealed record InputImageFile(float[] Values, int Height, int Width, GrayImage Display)
{
    /// <exception cref="InputException">Missing or unreadable file, a shape other than the three above, or
    /// non-finite values.</exception>
    public static InputImageFile Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputException("image file not found", file: path);
        }

        if (!NpyFile.HasNpyMagic(path))
        {
            var image = ImageIO.ReadGray(path);
            var plane = image.Pixels.Select(p => p / 255f).ToArray();
            return new InputImageFile(Repeat(plane), image.Height, image.Width, image);
        }

        var array = NpyFile.Read(path);
        var shape = array.Shape;
        var values = array.ToSingleArray();
        if (values.Any(v => !float.IsFinite(v)))
        {
            throw new InputException("the image contains NaN or infinite values", file: path, field: "data");
        }

        var (height, width, channels) = shape.Count switch
        {
            2 => (shape[0], shape[1], 1),
            3 when shape[0] is 1 or 3 => (shape[1], shape[2], shape[0]),
            _ => throw new InputException(
                $"expected an image of shape (H, W), (1, H, W) or (3, H, W), got ({string.Join(", ", shape)})", file: path, field: "shape"),
        };
        if (height == 0 || width == 0)
        {
            throw new InputException("the image is empty", file: path, field: "shape");
        }

        var all = channels == 1 ? Repeat(values) : values;
        return new InputImageFile(all, height, width, Render(values.AsSpan(0, height * width), height, width));
    }

    private static float[] Repeat(float[] plane) => [.. plane, .. plane, .. plane];

    /// <summary>Grey rendering of one plane: value x 255 when all values lie in [0, 1], else min-max scaled.</summary>
    private static GrayImage Render(ReadOnlySpan<float> plane, int height, int width)
    {
        float min = float.MaxValue, max = float.MinValue;
        foreach (var v in plane)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        bool unit = min >= 0 && max <= 1;
        float scale = unit ? 255f : max > min ? 255f / (max - min) : 0f;
        float offset = unit ? 0f : min;
        var pixels = new byte[plane.Length];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)Math.Clamp(MathF.Round((plane[i] - offset) * scale), 0, 255);
        }

        return new GrayImage(width, height, pixels);
    }
}
