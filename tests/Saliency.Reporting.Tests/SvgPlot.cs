using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Saliency.Reporting.Tests;

/// <summary>
/// Reads back what a ScottPlot SVG shows: the frame of the data area (its black horizontal axis lines, which span the
/// data area) and the labelled ticks of the left axis (unrotated numeric texts left of the frame, with their
/// vertical pixel position).
/// </summary>
internal sealed partial class SvgPlot
{
    private SvgPlot(double top, double bottom, double left, double right, IReadOnlyList<(double Value, double Y)> leftTicks)
    {
        Top = top;
        Bottom = bottom;
        Left = left;
        Right = right;
        LeftTicks = leftTicks;
    }

    public double Top { get; }

    public double Bottom { get; }

    public double Left { get; }

    public double Right { get; }

    /// <summary>The left axis' tick labels as numbers, with the pixel row each is drawn at, top to bottom.</summary>
    public IReadOnlyList<(double Value, double Y)> LeftTicks { get; }

    /// <summary>The value at a pixel row, from the linear fit through the left axis' lowest and highest labelled ticks.</summary>
    public double ValueAt(double y)
    {
        var (high, low) = (LeftTicks[0], LeftTicks[^1]);
        return low.Value + ((y - low.Y) * (high.Value - low.Value) / (high.Y - low.Y));
    }

    public static SvgPlot Load(string path)
    {
        var svg = XDocument.Load(path).Root!;
        XNamespace ns = svg.Name.Namespace;
        double width = Number(svg.Attribute("width")!.Value.Replace("px", string.Empty, StringComparison.Ordinal));
        var frame = svg.Descendants(ns + "path")
            .Where(p => (string?)p.Attribute("stroke") == "black" && p.Attribute("stroke-opacity") is null)
            .Select(p => HorizontalLine().Match((string?)p.Attribute("d") ?? string.Empty))
            .Where(m => m.Success && m.Groups[2].Value == m.Groups[4].Value)
            .Select(m => (X1: Number(m.Groups[1].Value), X2: Number(m.Groups[3].Value), Y: Number(m.Groups[2].Value)))
            .Where(l => Math.Abs(l.X2 - l.X1) > width / 2)
            .ToList();
        if (frame.Count < 2)
        {
            throw new InvalidOperationException($"{path}: no frame (two long black horizontal axis lines) found");
        }

        double left = frame.Min(l => Math.Min(l.X1, l.X2)), right = frame.Max(l => Math.Max(l.X1, l.X2));
        var ticks = new List<(double Value, double Y)>();
        foreach (var text in svg.Descendants(ns + "text"))
        {
            var translate = Translate().Match((string?)text.Attribute("transform") ?? string.Empty);
            if (translate.Success && Number(translate.Groups[1].Value) < left
                && double.TryParse(text.Value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            {
                ticks.Add((value, Number(translate.Groups[2].Value)));
            }
        }

        return new SvgPlot(frame.Min(l => l.Y), frame.Max(l => l.Y), left, right, [.. ticks.OrderBy(t => t.Y)]);
    }

    private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^M([-\d.e]+) ([-\d.e]+)L([-\d.e]+) ([-\d.e]+)$")]
    private static partial Regex HorizontalLine();

    [GeneratedRegex(@"^translate\(([-\d.e]+) ([-\d.e]+)\)$")]
    private static partial Regex Translate();
}
