using System.Globalization;
using System.Text;

namespace Saliency.Core.Data;

/// <summary>
/// Kaggle/Severstal run-length encoding. An encoded mask is a space-separated list of <c>start length</c> pairs;
/// starts are 1-based and pixels are numbered column-major over an image of <c>height</c> rows: pixel <c>p</c> is
/// at column <c>(p-1) / height</c>, row <c>(p-1) % height</c>. Masks in memory are row-major
/// (<c>mask[row * width + col]</c>), like <see cref="IO.GrayImage"/>.
/// </summary>
public static class RunLengthCodec
{
    /// <summary>
    /// Parses an encoded string into runs and checks them against an image of <paramref name="pixelCount"/> pixels.
    /// An empty string gives no runs. Runs need not be sorted; they must lie inside 1..pixelCount.
    /// </summary>
    /// <exception cref="InputException">Odd number of values, a value that is not a positive integer, or a run
    /// outside the image; the message names <paramref name="file"/> and <paramref name="line"/>.</exception>
    public static IReadOnlyList<PixelRun> Parse(string encoded, int pixelCount, string? file = null, int? line = null)
    {
        var values = encoded.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (values.Length % 2 != 0)
        {
            throw new InputException(
                $"run-length encoding has an odd number of values ({values.Length}); expected 'start length' pairs",
                file, line, "EncodedPixels");
        }

        var runs = new PixelRun[values.Length / 2];
        for (int i = 0; i < runs.Length; i++)
        {
            long start = ParsePositive(values[2 * i], "start", i, file, line);
            long length = ParsePositive(values[(2 * i) + 1], "length", i, file, line);
            if (start + length - 1 > pixelCount)
            {
                throw new InputException(
                    $"run {i + 1} ({start} {length}) ends at pixel {start + length - 1}, outside the image of {pixelCount} pixels",
                    file, line, "EncodedPixels");
            }

            runs[i] = new PixelRun((int)start, (int)length);
        }

        return runs;
    }

    /// <summary>Sets every pixel covered by <paramref name="runs"/> in a row-major mask to <paramref name="value"/>.</summary>
    public static void Paint(IEnumerable<PixelRun> runs, byte[] mask, int width, int height, byte value)
    {
        CheckMask(mask, width, height);
        foreach (var run in runs)
        {
            for (int p = run.Start - 1; p < run.Start - 1 + run.Length; p++)
            {
                mask[((p % height) * width) + (p / height)] = value;
            }
        }
    }

    /// <summary>Decodes an encoded string into a new row-major mask with 1 on covered pixels, 0 elsewhere.</summary>
    public static byte[] Decode(string encoded, int width, int height)
    {
        var mask = new byte[width * height];
        Paint(Parse(encoded, width * height), mask, width, height, 1);
        return mask;
    }

    /// <summary>
    /// Encodes the pixels of a row-major mask equal to <paramref name="value"/> as sorted, non-overlapping,
    /// maximal runs (the canonical form, so decode-then-encode returns a canonical input unchanged).
    /// </summary>
    public static string Encode(byte[] mask, int width, int height, byte value = 1)
    {
        CheckMask(mask, width, height);
        var text = new StringBuilder();
        int runStart = -1;
        int total = width * height;
        for (int p = 0; p <= total; p++)
        {
            bool on = p < total && mask[((p % height) * width) + (p / height)] == value;
            if (on && runStart < 0)
            {
                runStart = p;
            }
            else if (!on && runStart >= 0)
            {
                if (text.Length > 0)
                {
                    text.Append(' ');
                }

                text.Append(CultureInfo.InvariantCulture, $"{runStart + 1} {p - runStart}");
                runStart = -1;
            }
        }

        return text.ToString();
    }

    private static long ParsePositive(string text, string what, int run, string? file, int? line)
    {
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long value) || value < 1 || value > int.MaxValue)
        {
            throw new InputException($"run {run + 1}: {what} '{text}' is not a positive integer", file, line, "EncodedPixels");
        }

        return value;
    }

    private static void CheckMask(byte[] mask, int width, int height)
    {
        if (mask.Length != width * height)
        {
            throw new ArgumentException($"mask has {mask.Length} values, expected {width}x{height}", nameof(mask));
        }
    }
}
