using SkiaSharp;

namespace Saliency.Core.IO;

/// <summary>
/// Image decoding and encoding through SkiaSharp. Files are decoded by content, not by extension (the Severstal
/// sample's <c>.jpg</c> files are PNGs). Colour images are reduced to grey with the mean of R, G and B, which is
/// exact for the greyscale-as-RGB files of both data sets.
/// </summary>
public static class ImageIO
{
    /// <summary>Decodes a PNG/JPEG/BMP/... file into an 8-bit greyscale image.</summary>
    /// <exception cref="InputException">The file is missing or not a decodable image.</exception>
    public static GrayImage ReadGray(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputException("image file not found", file: path);
        }

        using var stream = File.OpenRead(path);
        return DecodeGray(stream, path);
    }

    /// <summary>Decodes an image from a stream; <paramref name="name"/> is used in error messages.</summary>
    public static GrayImage DecodeGray(Stream stream, string name)
    {
        using var codec = SKCodec.Create(stream, out var result);
        if (codec is null)
        {
            throw new InputException($"not a readable image ({result})", file: name);
        }

        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        var decode = codec.GetPixels(info, bitmap.GetPixels());
        if (decode is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
        {
            throw new InputException($"image could not be decoded ({decode})", file: name);
        }

        var rgba = bitmap.GetPixelSpan();
        var gray = new byte[info.Width * info.Height];
        for (int i = 0; i < gray.Length; i++)
        {
            int r = rgba[4 * i], g = rgba[(4 * i) + 1], b = rgba[(4 * i) + 2];
            gray[i] = (byte)((r + g + b + 1) / 3);
        }

        return new GrayImage(info.Width, info.Height, gray);
    }

    /// <summary>Writes a greyscale image as an 8-bit PNG.</summary>
    public static void WritePng(string path, GrayImage image)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }

        File.WriteAllBytes(path, EncodePng(image));
    }

    /// <summary>A greyscale image as the bytes of an 8-bit PNG file.</summary>
    public static byte[] EncodePng(GrayImage image)
    {
        var rgba = new byte[image.Pixels.Length * 4];
        for (int i = 0; i < image.Pixels.Length; i++)
        {
            byte v = image.Pixels[i];
            rgba[4 * i] = v;
            rgba[(4 * i) + 1] = v;
            rgba[(4 * i) + 2] = v;
            rgba[(4 * i) + 3] = 255;
        }

        return EncodeRgbaPng(image.Width, image.Height, rgba);
    }

    /// <summary>Writes an RGBA (8 bits per channel, row-major) buffer as a PNG.</summary>
    public static void WriteRgbaPng(string path, int width, int height, byte[] rgba)
    {
        var bytes = EncodeRgbaPng(width, height, rgba);
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }

        File.WriteAllBytes(path, bytes);
    }

    /// <summary>An RGBA (8 bits per channel, row-major) buffer as the bytes of a PNG file.</summary>
    public static byte[] EncodeRgbaPng(int width, int height, byte[] rgba)
    {
        if (rgba.Length != width * height * 4)
        {
            throw new ArgumentException($"expected {width * height * 4} bytes, got {rgba.Length}", nameof(rgba));
        }

        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        rgba.AsSpan().CopyTo(bitmap.GetPixelSpan());
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
