using Saliency.Core.IO;
using Saliency.TestFixtures;

namespace Saliency.Core.Tests.IO;

public class MaskAndMapFileTests
{
    [Theory]
    [InlineData("|u1")]
    [InlineData("|b1")]
    [InlineData("<f4")]
    public void Npy_mask_of_any_dtype_marks_nonzero_as_defect(string descr)
    {
        byte[] payload = descr switch
        {
            "<f4" => new[] { 0f, 0.5f, 0f, -1f, 0f, 0f }.SelectMany(BitConverter.GetBytes).ToArray(),
            _ => [0, 1, 0, 1, 0, 0],
        };
        using var dir = new TempDir();
        var path = dir.File("mask.bin"); // recognised by content, not extension
        File.WriteAllBytes(path, NpyFileTests.Build(1, $"{{'descr': '{descr}', 'fortran_order': False, 'shape': (2, 3), }}", payload));
        var mask = MaskFile.Read(path);
        Assert.Equal(2, mask.Height);
        Assert.Equal(3, mask.Width);
        Assert.Equal([0, 1, 0, 1, 0, 0], mask.Pixels);
    }

    [Fact]
    public void Png_mask_marks_nonzero_as_defect()
    {
        using var dir = new TempDir();
        var path = dir.File("mask.png");
        ImageIO.WritePng(path, new GrayImage(3, 2, [0, 255, 0, 1, 0, 128]));
        var mask = MaskFile.Read(path);
        Assert.Equal((2, 3), (mask.Height, mask.Width));
        Assert.Equal([0, 1, 0, 1, 0, 1], mask.Pixels);
    }

    [Fact]
    public void Missing_mask_is_an_input_error()
    {
        var e = Assert.Throws<InputException>(() => MaskFile.Read("/nonexistent/mask.png"));
        Assert.Contains("mask.png", e.Message);
    }

    [Fact]
    public void Map_file_reads_2d_and_single_channel_3d_and_rejects_non_finite()
    {
        using var dir = new TempDir();
        var path = dir.File("map.npy");
        NpyFile.WriteFloat32(path, [1, 2, 3, 4, 5, 6], 1, 2, 3);
        var (values, height, width) = SaliencyMapFile.Read(path);
        Assert.Equal((2, 3), (height, width));
        Assert.Equal([1f, 2, 3, 4, 5, 6], values);

        NpyFile.WriteFloat32(path, [1, 2, float.NaN, 4, 5, 6], 2, 3);
        var e = Assert.Throws<InputException>(() => SaliencyMapFile.Read(path));
        Assert.Equal("data", e.Field);
        Assert.Contains("row 0, column 2", e.Message);
    }
}
