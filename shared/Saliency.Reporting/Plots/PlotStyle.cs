namespace Saliency.Reporting.Plots;

/// <summary>Common look of the report's plots: DejaVu Sans (present on the build machines), readable sizes.</summary>
internal static class PlotStyle
{
    public const string Font = "DejaVu Sans";

    public static void Apply(ScottPlot.Plot plot, string title, string xLabel, string yLabel)
    {
        plot.Font.Set(Font);
        plot.Title(title, 18);
        plot.XLabel(xLabel, 15);
        plot.YLabel(yLabel, 15);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 13;
        plot.Axes.Left.TickLabelStyle.FontSize = 13;
        plot.Legend.FontSize = 13;
        plot.Legend.FontName = Font;
    }
}
