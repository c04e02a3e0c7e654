using Saliency.Core.IO;
using Saliency.TestFixtures;

namespace Saliency.Core.Tests;

public class ImageIOTests
{
    [Fact]
    public void Png_round_trip_is_exact()
    {
        using var dir = new TempDir();
        var pixels = new byte[7 * 5];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)(i * 7);
        }

        var path = dir.File("x.png");
        ImageIO.WritePng(path, new GrayImage(7, 5, pixels));
        var back = ImageIO.ReadGray(path);
        Assert.Equal(7, back.Width);
        Assert.Equal(5, back.Height);
        Assert.Equal(pixels, back.Pixels);
    }

    [Fact]
    public void Severstal_sample_png_named_jpg_decodes_by_content()
    {
        var image = ImageIO.ReadGray(Path.Combine(DataPaths.SeverstalSample, "0030401a5.jpg"));
        Assert.Equal(1600, image.Width);
        Assert.Equal(256, image.Height);
        Assert.Contains(image.Pixels, p => p > 50);
    }

    [Fact]
    public void Non_image_file_gives_error_naming_the_file()
    {
        using var dir = new TempDir();
        var path = dir.File("bad.png");
        File.WriteAllText(path, "not an image");
        var e = Assert.Throws<InputException>(() => ImageIO.ReadGray(path));
        Assert.Contains("bad.png", e.Message);
    }
}
