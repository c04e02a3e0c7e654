using System.Globalization;
using ScottPlot;
using ScottPlot.Rendering;
using ScottPlot.Rendering.RenderActions;
using ScottPlot.TickGenerators;

namespace Saliency.Reporting.Plots;

/// <summary>
/// The axis of a pointing-game score (Fig. 5a's y-axis, Fig. 5b's score axis): scores lie in [0, 1], so the axis runs
/// exactly from <see cref="Min"/> to <see cref="Max"/> whatever the data, with labelled ticks at 0, 0.1, ..., 1 and
/// minor ticks halfway. A marker at 0 or 1 sits on the frame; ScottPlot clips plottables to the data area, which
/// would cut it in half, so the plot's plottables are clipped to the data area widened by <see cref="EdgeRoom"/>
/// pixels in the score direction instead (the axis limits stay 0 and 1).
/// </summary>
public static class ScoreAxis
{
    public const double Min = 0;

    public const double Max = 1;

    /// <summary>Pixels beyond the 0 and 1 edges in which markers and lines are still drawn (more than a marker's radius).</summary>
    public const float EdgeRoom = 10;

    /// <summary>Makes <paramref name="axis"/> of <paramref name="plot"/> (a vertical one: the left axis) the score axis.</summary>
    public static void Apply(Plot plot, IYAxis axis)
    {
        var ticks = new List<Tick>();
        for (int i = 0; i <= 10; i++)
        {
            ticks.Add(Tick.Major(i / 10.0, (i / 10.0).ToString("0.0", CultureInfo.InvariantCulture)));
            if (i < 10)
            {
                ticks.Add(Tick.Minor((i + 0.5) / 10.0));
            }
        }

        axis.TickGenerator = new NumericManual([.. ticks]);
        axis.Min = Min;
        axis.Max = Max;

        var actions = plot.RenderManager.RenderActions;
        int index = actions.FindIndex(a => a is RenderPlottables);
        if (index < 0)
        {
            throw new InvalidOperationException("ScottPlot's RenderPlottables step was not found; ScoreAxis cannot widen the clip area (ScottPlot version change?).");
        }

        actions[index] = new RenderPlottablesWithVerticalRoom(EdgeRoom);
    }

    /// <summary>ScottPlot's RenderPlottables step with the clip rectangle widened by <paramref name="room"/> pixels above and below the data area.</summary>
    private sealed class RenderPlottablesWithVerticalRoom(float room) : IRenderAction
    {
        public void Render(RenderPack rp)
        {
            var data = rp.DataRect;
            var clip = new PixelRect(left: data.Left, right: data.Right, bottom: data.Bottom + room, top: data.Top - room);
            foreach (var plottable in rp.Plot.PlottableList.Where(p => p.IsVisible).ToArray())
            {
                plottable.Axes.DataRect = data;
                rp.CanvasState.Save();
                rp.CanvasState.Clip(clip);
                plottable.Render(rp);
                rp.CanvasState.DisableClipping();
            }
        }
    }
}
