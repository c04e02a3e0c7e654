namespace Saliency.Reporting.Plots;

/// <summary>The PNG and SVG files of one plot, and its pixel size (the SVG has the same nominal size).</summary>
public sealed record PlotFiles(string PngPath, string SvgPath, int Width, int Height)
{
    /// <summary>Saves <paramref name="plot"/> as <c>&lt;basePath&gt;.png</c> and <c>&lt;basePath&gt;.svg</c>.</summary>
    public static PlotFiles Save(ScottPlot.Plot plot, string basePath, int width, int height)
    {
        var png = basePath + ".png";
        var svg = basePath + ".svg";
        plot.SavePng(png, width, height);
        plot.SaveSvg(svg, width, height);
        return new PlotFiles(png, svg, width, height);
    }
}
