using Saliency.Core;
using Saliency.Core.IO;
using Saliency.TestFixtures;

namespace Saliency.Core.Tests.IO;

public sealed class InputImageFileTests
{
    [Fact]
    public void Npy_plane_is_used_as_is_and_repeated_over_three_channels()
    {
        using var dir = new TempDir();
        var plane = new float[] { -1.5f, 0f, 2f, 7.25f, 3f, 0.5f };
        NpyFile.WriteFloat32(dir.File("x.npy"), plane, 2, 3);
        var input = InputImageFile.Read(dir.File("x.npy"));
        Assert.Equal((2, 3), (input.Height, input.Width));
        Assert.Equal([.. plane, .. plane, .. plane], input.Values);
        Assert.Equal(0, input.Display.Pixels[0]);          // min-max rendering (values outside [0, 1])
        Assert.Equal(255, input.Display.Pixels[3]);
    }

    [Fact]
    public void Npy_with_three_channels_keeps_them_and_png_is_scaled_to_unit_range()
    {
        using var dir = new TempDir();
        var values = Enumerable.Range(0, 3 * 2 * 2).Select(i => i / 12f).ToArray();
        NpyFile.WriteFloat32(dir.File("rgb.npy"), values, 3, 2, 2);
        Assert.Equal(values, InputImageFile.Read(dir.File("rgb.npy")).Values);

        ImageIO.WritePng(dir.File("g.png"), new GrayImage(2, 1, [0, 51]));
        var png = InputImageFile.Read(dir.File("g.png"));
        Assert.Equal(new[] { 0f, 0.2f, 0f, 0.2f, 0f, 0.2f }, png.Values);
    }

    [Fact]
    public void Other_shapes_are_input_errors()
    {
        using var dir = new TempDir();
        NpyFile.WriteFloat32(dir.File("bad.npy"), new float[8], 2, 2, 2);
        var e = Assert.Throws<InputException>(() => InputImageFile.Read(dir.File("bad.npy")));
        Assert.Contains("shape", e.Message, StringComparison.Ordinal);
        Assert.Throws<InputException>(() => InputImageFile.Read(dir.File("missing.png")));
    }

    [Fact]
    public void Overlay_mixes_grey_with_jet_and_outlines_the_mask_in_green()
    {
        Assert.Equal((0f, 0f, 0.5f), HeatmapOverlay.Jet(0));
        Assert.Equal((0.5f, 1f, 0.5f), HeatmapOverlay.Jet(0.5f));
        Assert.Equal((0.5f, 0f, 0f), HeatmapOverlay.Jet(1));

        var image = new GrayImage(5, 5, Enumerable.Repeat((byte)100, 25).ToArray());
        var saliency = new float[25];
        var mask = new byte[25];
        for (int y = 1; y <= 3; y++)
        {
            for (int x = 1; x <= 3; x++)
            {
                mask[(y * 5) + x] = 1;
            }
        }

        var rgba = HeatmapOverlay.Render(image, saliency, mask);
        byte[] Pixel(int y, int x) => rgba.AsSpan(((y * 5) + x) * 4, 4).ToArray();
        Assert.Equal(new byte[] { 0, 255, 0, 255 }, Pixel(1, 1));   // block border
        Assert.Equal(new byte[] { 0, 255, 0, 255 }, Pixel(3, 2));
        Assert.Equal(new byte[] { 50, 50, 114, 255 }, Pixel(2, 2)); // interior: 0.5 * 100 + 127.5 * (0, 0, 0.5)
        Assert.Equal(new byte[] { 50, 50, 114, 255 }, Pixel(0, 0)); // outside the mask
    }
}
