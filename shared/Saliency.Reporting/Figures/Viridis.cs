namespace Saliency.Reporting.Figures;

/// <summary>
/// The viridis colour map (matplotlib), piecewise linear through 11 of its samples at 0, 0.1, ..., 1: dark purple
/// (0) through blue and green to yellow (1). Perceptually ordered and readable in grey, so saliency from 0 to 1 is
/// easy to compare across maps. Inputs are clamped to [0, 1]; NaN maps to 0.
/// </summary>
public static class Viridis
{
    private static readonly (byte R, byte G, byte B)[] Stops =
    [
        (0x44, 0x01, 0x54), (0x48, 0x24, 0x75), (0x41, 0x44, 0x87), (0x35, 0x5f, 0x8d), (0x2a, 0x78, 0x8e), (0x21, 0x91, 0x8c),
        (0x22, 0xa8, 0x84), (0x44, 0xbf, 0x70), (0x7a, 0xd1, 0x51), (0xbd, 0xdf, 0x26), (0xfd, 0xe7, 0x25),
    ];

    public static (byte R, byte G, byte B) Of(double value)
    {
        double v = double.IsNaN(value) ? 0 : Math.Clamp(value, 0, 1);
        double position = v * (Stops.Length - 1);
        int i = Math.Min((int)position, Stops.Length - 2);
        double t = position - i;
        var a = Stops[i];
        var b = Stops[i + 1];
        return (Lerp(a.R, b.R, t), Lerp(a.G, b.G, t), Lerp(a.B, b.B, t));
    }

    private static byte Lerp(byte a, byte b, double t) => (byte)Math.Round(a + ((b - a) * t));
}
