namespace Saliency.Core.IO;

/// <summary>An 8-bit greyscale image, row-major (<c>Pixels[y * Width + x]</c>).</summary>
public sealed class GrayImage
{
    public GrayImage(int width, int height, byte[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (pixels.Length != width * height)
        {
            throw new ArgumentException($"expected {width * height} pixels for {width}x{height}, got {pixels.Length}", nameof(pixels));
        }

        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    public byte[] Pixels { get; }

    public byte this[int y, int x] => Pixels[(y * Width) + x];
}
