using Saliency.Reporting.Figures;
using Saliency.Reporting.Plots;

namespace Saliency.Reporting.Tests;

public sealed class DrawingTests
{
    [Fact]
    public void Viridis_ends_and_middle_are_matplotlibs_colours()
    {
        Assert.Equal(((byte)0x44, (byte)0x01, (byte)0x54), Viridis.Of(0));
        Assert.Equal(((byte)0x21, (byte)0x91, (byte)0x8c), Viridis.Of(0.5));
        Assert.Equal(((byte)0xfd, (byte)0xe7, (byte)0x25), Viridis.Of(1));
        Assert.Equal(Viridis.Of(1), Viridis.Of(7));
        Assert.Equal(Viridis.Of(0), Viridis.Of(double.NaN));
    }

    [Fact]
    public void Outline_of_a_square_is_its_border_ring()
    {
        // 6 x 6 mask with a 4 x 4 defect square at (1..4, 1..4): the outline is the square's 12 border pixels.
        var mask = new bool[36];
        for (int y = 1; y <= 4; y++)
        {
            for (int x = 1; x <= 4; x++)
            {
                mask[(y * 6) + x] = true;
            }
        }

        var outline = MaskOutline.Of(mask, 6, 6, thickness: 1);
        Assert.Equal(12, outline.Count(o => o));
        Assert.True(outline[(1 * 6) + 1] && outline[(4 * 6) + 4] && outline[(1 * 6) + 3]);
        Assert.False(outline[(2 * 6) + 2] || outline[(3 * 6) + 3] || outline[0]);
    }

    [Fact]
    public void Resampling_a_mask_doubles_each_pixel()
    {
        var resized = MaskOutline.Resample([0, 1, 1, 0], 2, 2, 4, 4);
        Assert.Equal([false, false, true, true, false, false, true, true, true, true, false, false, true, true, false, false], resized);
    }

    [Fact]
    public void Log_axis_puts_labelled_ticks_on_decades_and_minor_ticks_between()
    {
        var ticks = LogAxis.TicksFor(Math.Log10(3), Math.Log10(2000));
        var major = ticks.Where(t => t.IsMajor).ToList();
        Assert.Equal(new[] { 1.0, 2.0, 3.0 }, major.Select(t => t.Position).ToArray());
        Assert.Equal(["10", "100", "1000"], major.Select(t => t.Label));
        Assert.Contains(ticks, t => !t.IsMajor && Math.Abs(t.Position - Math.Log10(5)) < 1e-12);
        Assert.Contains(ticks, t => !t.IsMajor && Math.Abs(t.Position - Math.Log10(2000)) < 1e-12);
        Assert.DoesNotContain(ticks, t => t.Position < Math.Log10(3) - 1e-9 || t.Position > Math.Log10(2000) + 1e-9);
        Assert.Equal(7 + 9 + 9 + 2, ticks.Count); // 3..9; 10, 20..90; 100, 200..900; 1000, 2000

        using var plot = new ScottPlot.Plot();
        LogAxis.Apply(plot.Axes.Bottom, 3, 2000, padLow: 0.1, padHigh: 0.2);
        Assert.Equal(Math.Log10(3) - 0.1, plot.Axes.Bottom.Min, 12);
        Assert.Equal(Math.Log10(2000) + 0.2, plot.Axes.Bottom.Max, 12);
    }

    [Fact]
    public void Log_axis_labels_small_and_large_values()
    {
        Assert.Equal("0.01", LogAxis.Label(0.01));
        Assert.Equal("50000", LogAxis.Label(5e4));
        Assert.Equal("1e7", LogAxis.Label(1e7));
    }
}
