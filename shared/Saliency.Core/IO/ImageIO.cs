using SkiaSharp;

namespace Saliency.Core.IO;

/// <summary>
/// Image decoding and encoding through SkiaSharp. Files are decoded by content, not by extension (the Severstal
/// sample's <c>.jpg</c> files are PNGs). Colour images are reduced to grey with the mean of R, G and B, which is
/// exact for the greyscale-as-RGB files of both data sets.
/// <para>Every decode checks that the file is whole before any pixel is used: an empty file, a file over
/// <see cref="MaxFileBytes"/>, a PNG or JPEG whose structure ends early (<see cref="ImageStructure"/>), an image that
/// declares more than <see cref="MaxPixels"/> pixels (checked from the header, before anything is allocated) and a
/// decode that SkiaSharp reports as anything but complete (<see cref="SKCodecResult.IncompleteInput"/> included) are
/// each an <see cref="InputException"/> naming the file, so a cut-off image is never read as a partly black one.</para>
/// </summary>
public static class ImageIO
{
    /// <summary>Largest image accepted, in pixels (64 Mi, e.g. 8192 x 8192; Severstal images have 409 600).</summary>
    public const long MaxPixels = 1L << 26;

    /// <summary>Largest image file read, in bytes.</summary>
    public const long MaxFileBytes = 256L << 20;

    /// <summary>Decodes a PNG/JPEG/BMP/... file into an 8-bit greyscale image.</summary>
    /// <exception cref="InputException">The file is missing, empty, truncated, too large or not a decodable image.</exception>
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
    /// <exception cref="InputException">The content is empty, truncated, too large or not a decodable image.</exception>
    public static GrayImage DecodeGray(Stream stream, string name)
    {
        var bytes = ReadBounded(stream, name);
        if (bytes.Length == 0)
        {
            throw new InputException("empty file (0 bytes), not an image", file: name, field: "data");
        }

        ImageStructure.CheckComplete(bytes, name);
        using var codec = SKCodec.Create(new MemoryStream(bytes, writable: false), out var result);
        if (codec is null)
        {
            throw new InputException($"not a readable image ({result})", file: name, field: "data");
        }

        int width = codec.Info.Width, height = codec.Info.Height;
        if (width <= 0 || height <= 0 || (long)width * height > MaxPixels)
        {
            throw new InputException(
                $"the image declares {width}x{height} pixels; this reader accepts 1 to {MaxPixels} pixels (a corrupt header or a decompression bomb)",
                file: name,
                field: "size");
        }

        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        var decode = codec.GetPixels(info, bitmap.GetPixels());
        if (decode != SKCodecResult.Success)
        {
            var reason = decode == SKCodecResult.IncompleteInput
                ? "incomplete image data: the file is truncated or its compressed data is cut short"
                : $"image data could not be decoded ({decode})";
            throw new InputException($"{reason}; {bytes.Length} bytes, {codec.EncodedFormat} {width}x{height}", file: name, field: "data");
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

    /// <summary>All of <paramref name="stream"/>, refusing more than <see cref="MaxFileBytes"/> without reading it.</summary>
    private static byte[] ReadBounded(Stream stream, string name)
    {
        if (stream.CanSeek)
        {
            long length = stream.Length - stream.Position;
            if (length > MaxFileBytes)
            {
                throw new InputException($"image file is {length} bytes; this reader accepts at most {MaxFileBytes}", file: name, field: "data");
            }

            var bytes = new byte[length];
            stream.ReadExactly(bytes);
            return bytes;
        }

        using var copy = new MemoryStream();
        var buffer = new byte[1 << 16];
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            if (copy.Length + read > MaxFileBytes)
            {
                throw new InputException($"image is longer than {MaxFileBytes} bytes, the most this reader accepts", file: name, field: "data");
            }

            copy.Write(buffer, 0, read);
        }

        return copy.ToArray();
    }
}
