using ScottPlot;
using SkiaSharp;

namespace Saliency.Reporting.Plots;

/// <summary>
/// Places point labels in pixel space so that they do not overlap each other or the markers: for each point (in the
/// order given) the first of eight positions around it (right, left, above, below, then the diagonals) whose text
/// box stays inside the data area and clear of the boxes placed so far is taken; when none is clear, the one with
/// the least overlap. Text width is measured with the label font.
/// </summary>
internal static class LabelPlacer
{
    private static readonly (float Dx, float Dy, Alignment Alignment)[] Candidates =
    [
        (9, 0, Alignment.MiddleLeft), (-9, 0, Alignment.MiddleRight), (0, -10, Alignment.LowerCenter), (0, 10, Alignment.UpperCenter),
        (6, -8, Alignment.LowerLeft), (6, 8, Alignment.UpperLeft), (-6, -8, Alignment.LowerRight), (-6, 8, Alignment.UpperRight),
    ];

    /// <summary>The chosen offset and alignment per point (pixel offsets, y down).</summary>
    public static IReadOnlyList<(float Dx, float Dy, Alignment Alignment)> Place(
        IReadOnlyList<(Pixel Point, string Text)> labels, PixelRect dataArea, float fontSize, float markerSize)
    {
        using var typeface = SKTypeface.FromFamilyName(PlotStyle.Font) ?? SKTypeface.Default;
        using var font = new SKFont(typeface, fontSize);
        float half = markerSize / 2;
        var taken = labels.Select(l => new SKRect(l.Point.X - half, l.Point.Y - half, l.Point.X + half, l.Point.Y + half)).ToList();
        var result = new List<(float, float, Alignment)>();
        foreach (var (point, text) in labels)
        {
            float width = font.MeasureText(text), height = fontSize * 1.25f;
            (float, float, Alignment) best = Candidates[0];
            float bestOverlap = float.PositiveInfinity;
            SKRect bestBox = default;
            foreach (var candidate in Candidates)
            {
                var box = Box(point, candidate, width, height);
                float overlap = taken.Sum(t => Overlap(box, t)) + OutsideArea(box, dataArea);
                if (overlap < bestOverlap)
                {
                    (best, bestOverlap, bestBox) = (candidate, overlap, box);
                }

                if (overlap == 0)
                {
                    break;
                }
            }

            taken.Add(bestBox);
            result.Add(best);
        }

        return result;
    }

    private static SKRect Box(Pixel point, (float Dx, float Dy, Alignment Alignment) c, float width, float height)
    {
        float x = point.X + c.Dx, y = point.Y + c.Dy;
        float left = c.Alignment switch
        {
            Alignment.MiddleLeft or Alignment.LowerLeft or Alignment.UpperLeft => x,
            Alignment.MiddleRight or Alignment.LowerRight or Alignment.UpperRight => x - width,
            _ => x - (width / 2),
        };
        float top = c.Alignment switch
        {
            Alignment.LowerLeft or Alignment.LowerCenter or Alignment.LowerRight => y - height,
            Alignment.UpperLeft or Alignment.UpperCenter or Alignment.UpperRight => y,
            _ => y - (height / 2),
        };
        return new SKRect(left, top, left + width, top + height);
    }

    private static float Overlap(SKRect a, SKRect b)
    {
        float w = Math.Min(a.Right, b.Right) - Math.Max(a.Left, b.Left);
        float h = Math.Min(a.Bottom, b.Bottom) - Math.Max(a.Top, b.Top);
        return w > 0 && h > 0 ? w * h : 0;
    }

    private static float OutsideArea(SKRect box, PixelRect area)
    {
        var inside = new SKRect(area.Left, area.Top, area.Right, area.Bottom);
        return (box.Width * box.Height) - Overlap(box, inside);
    }
}
