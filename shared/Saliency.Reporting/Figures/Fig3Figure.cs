using Saliency.Core;
using Saliency.Core.Data;
using Saliency.Core.IO;
using Saliency.Core.Metrics;
using Saliency.Core.Results;
using Saliency.Reporting.Analysis;
using SkiaSharp;

namespace Saliency.Reporting.Figures;

/// <summary>
/// Fig. 3: one row per sample, columns: the input patch, the patch with its defect mask (red outline, light red
/// fill), then each variant's map normalised with the chosen normalisation (<see cref="Fig3Options"/>) in the
/// <see cref="Viridis"/> colour map (0 dark purple .. 1 yellow) with the mask outline on top. Column titles name
/// the method, its parameters and the normalisation; the sample name is written vertically at the left of each
/// row; a colour bar and the outline's meaning are at the bottom. A variant without a map for a sample gets a grey
/// cell. Images are scaled to the cell with bilinear filtering; the outline is computed at cell resolution.
/// </summary>
public static class Fig3Figure
{
    private const int Margin = 16;
    private const int Gap = 6;
    private const int TitleHeight = 36;
    private const int HeaderHeight = 58;
    private const int RowLabelWidth = 26;
    private const int FooterHeight = 54;
    private static readonly SKColor OutlineColor = new(255, 40, 40);

    /// <summary>Draws the figure to <paramref name="path"/> (PNG) and returns its size and the columns drawn.</summary>
    /// <exception cref="InputException">An image, mask or map file is unreadable, or a normalisation name is invalid.</exception>
    public static Fig3Result Write(IReadOnlyList<MapSample> samples, IReadOnlyList<string> variants, Func<string, string> normalisationOf, int cellWidth, string path)
    {
        var loaded = samples.Select(s => (Sample: s, Image: ImageIO.ReadGray(s.ImagePath), Mask: MaskFile.Read(s.MaskPath))).ToList();
        var rowHeights = loaded.Select(l => Math.Max(24, (int)Math.Round((double)cellWidth * l.Image.Height / l.Image.Width))).ToList();
        int columns = 2 + variants.Count;
        int width = (2 * Margin) + RowLabelWidth + (columns * cellWidth) + ((columns - 1) * Gap);
        int height = (2 * Margin) + TitleHeight + HeaderHeight + rowHeights.Sum() + (Math.Max(0, loaded.Count - 1) * Gap) + FooterHeight;

        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException($"could not create a {width} x {height} drawing surface");
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var typeface = SKTypeface.FromFamilyName("DejaVu Sans") ?? SKTypeface.Default;
        using var titleFont = new SKFont(typeface, 18);
        using var headerFont = new SKFont(typeface, 13);
        using var text = new SKPaint { Color = SKColors.Black, IsAntialias = true };

        var normalisationText = string.Join(", ", variants.Select(normalisationOf).Distinct(StringComparer.Ordinal));
        canvas.DrawText("Fig. 3: input, defect mask and normalised saliency maps per method variant", Margin, Margin + 20, SKTextAlign.Left, titleFont, text);

        float x0 = Margin + RowLabelWidth;
        float headerTop = Margin + TitleHeight;
        string[][] headers =
        [
            ["input patch"],
            ["defect mask", "(red outline)"],
            .. variants.Select(v => (string[])[MethodName(v), string.Join(",", VariantLabels.ParameterLines(v)), $"[{normalisationOf(v)}]"]),
        ];
        for (int c = 0; c < columns; c++)
        {
            float cx = x0 + (c * (cellWidth + Gap)) + (cellWidth / 2f);
            var lines = headers[c].Where(l => l.Length > 0).ToArray();
            for (int l = 0; l < lines.Length; l++)
            {
                DrawFitted(canvas, lines[l], cx, headerTop + 15 + (l * 17), cellWidth, headerFont, text);
            }
        }

        float y = headerTop + HeaderHeight;
        for (int r = 0; r < loaded.Count; r++)
        {
            var (sample, image, mask) = loaded[r];
            int cellHeight = rowHeights[r];
            CheckSameSize(sample, image, mask);
            var maskCell = MaskOutline.Resample(mask.Pixels, mask.Width, mask.Height, cellWidth, cellHeight);
            var outline = MaskOutline.Of(maskCell, cellWidth, cellHeight, thickness: 1);

            canvas.Save();
            canvas.RotateDegrees(-90, Margin + 16, y + (cellHeight / 2f));
            DrawFitted(canvas, sample.Name, Margin + 16, y + (cellHeight / 2f) + 4, cellHeight, headerFont, text);
            canvas.Restore();

            using (var grey = GreyBitmap(image))
            {
                DrawScaled(canvas, grey, x0, y, cellWidth, cellHeight);
                DrawScaled(canvas, grey, x0 + cellWidth + Gap, y, cellWidth, cellHeight);
            }

            using (var fill = Overlay(maskCell, cellWidth, cellHeight, new SKColor(255, 40, 40, 70)))
            {
                canvas.DrawBitmap(fill, x0 + cellWidth + Gap, y);
            }

            using var outlineBitmap = Overlay(outline, cellWidth, cellHeight, OutlineColor);
            canvas.DrawBitmap(outlineBitmap, x0 + cellWidth + Gap, y);

            for (int v = 0; v < variants.Count; v++)
            {
                float cx = x0 + ((2 + v) * (cellWidth + Gap));
                if (!sample.VariantMaps.TryGetValue(variants[v], out var mapPath))
                {
                    using var missing = new SKPaint { Color = new SKColor(220, 220, 220) };
                    canvas.DrawRect(cx, y, cellWidth, cellHeight, missing);
                    DrawFitted(canvas, "no map", cx + (cellWidth / 2f), y + (cellHeight / 2f), cellWidth, headerFont, text);
                    continue;
                }

                var (values, mapHeight, mapWidth) = SaliencyMapFile.Read(mapPath);
                var normalised = Normalisation.Parse(normalisationOf(variants[v])).Apply(values);
                using var colored = ColorBitmap(normalised, mapWidth, mapHeight);
                DrawScaled(canvas, colored, cx, y, cellWidth, cellHeight);
                canvas.DrawBitmap(outlineBitmap, cx, y);
            }

            y += cellHeight + Gap;
        }

        DrawFooter(canvas, x0, height - Margin - FooterHeight + 12, headerFont, text);
        using var snapshot = surface.Snapshot();
        using var data = snapshot.Encode(SKEncodedImageFormat.Png, 100);
        using (var file = File.Create(path))
        {
            data.SaveTo(file);
        }

        return new Fig3Result(path, width, height, [.. samples.Select(s => s.Name)], variants, normalisationText);
    }

    private static string MethodName(string variant)
    {
        int open = variant.IndexOf('(', StringComparison.Ordinal);
        return open < 0 ? variant : variant[..open];
    }

    private static void CheckSameSize(MapSample sample, GrayImage image, GrayImage mask)
    {
        if (image.Width != mask.Width || image.Height != mask.Height)
        {
            throw new InputException($"mask is {mask.Width} x {mask.Height} but the image is {image.Width} x {image.Height}", file: sample.MaskPath);
        }
    }

    private static void DrawFooter(SKCanvas canvas, float x, float y, SKFont font, SKPaint text)
    {
        const int barWidth = 260, barHeight = 14;
        using var bar = new SKBitmap(barWidth, 1, SKColorType.Rgba8888, SKAlphaType.Premul);
        for (int i = 0; i < barWidth; i++)
        {
            var (r, g, b) = Viridis.Of(i / (double)(barWidth - 1));
            bar.SetPixel(i, 0, new SKColor(r, g, b));
        }

        using (var image = SKImage.FromBitmap(bar))
        {
            canvas.DrawImage(image, SKRect.Create(x + 14, y, barWidth, barHeight));
        }

        canvas.DrawText("0", x, y + 12, SKTextAlign.Left, font, text);
        canvas.DrawText("1", x + barWidth + 18, y + 12, SKTextAlign.Left, font, text);
        canvas.DrawText("normalised saliency (viridis)", x + 14, y + barHeight + 16, SKTextAlign.Left, font, text);
        float lx = x + barWidth + 60;
        using var outline = new SKPaint { Color = OutlineColor, StrokeWidth = 3, Style = SKPaintStyle.Stroke };
        canvas.DrawRect(lx, y, 22, barHeight, outline);
        canvas.DrawText("defect mask outline", lx + 30, y + 12, SKTextAlign.Left, font, text);
    }

    /// <summary>Draws <paramref name="value"/> centred at <paramref name="cx"/>, shrinking the font to fit <paramref name="maxWidth"/>.</summary>
    private static void DrawFitted(SKCanvas canvas, string value, float cx, float baseline, float maxWidth, SKFont font, SKPaint paint)
    {
        float measured = font.MeasureText(value);
        if (measured <= maxWidth - 4)
        {
            canvas.DrawText(value, cx, baseline, SKTextAlign.Center, font, paint);
            return;
        }

        using var smaller = new SKFont(font.Typeface, Math.Max(7, font.Size * (maxWidth - 4) / measured));
        canvas.DrawText(value, cx, baseline, SKTextAlign.Center, smaller, paint);
    }

    private static void DrawScaled(SKCanvas canvas, SKBitmap bitmap, float x, float y, int width, int height)
    {
        using var image = SKImage.FromBitmap(bitmap);
        canvas.DrawImage(image, SKRect.Create(x, y, width, height), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
    }

    private static SKBitmap GreyBitmap(GrayImage image)
    {
        var bitmap = new SKBitmap(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        var pixels = bitmap.GetPixelSpan();
        for (int i = 0; i < image.Pixels.Length; i++)
        {
            byte v = image.Pixels[i];
            pixels[4 * i] = v;
            pixels[(4 * i) + 1] = v;
            pixels[(4 * i) + 2] = v;
            pixels[(4 * i) + 3] = 255;
        }

        return bitmap;
    }

    private static SKBitmap ColorBitmap(float[] normalised, int width, int height)
    {
        var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        var pixels = bitmap.GetPixelSpan();
        for (int i = 0; i < normalised.Length; i++)
        {
            var (r, g, b) = Viridis.Of(normalised[i]);
            pixels[4 * i] = r;
            pixels[(4 * i) + 1] = g;
            pixels[(4 * i) + 2] = b;
            pixels[(4 * i) + 3] = 255;
        }

        return bitmap;
    }

    /// <summary>A cell-sized bitmap, <paramref name="color"/> where <paramref name="on"/> is set and transparent elsewhere.</summary>
    private static SKBitmap Overlay(bool[] on, int width, int height, SKColor color)
    {
        var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        var pixels = bitmap.GetPixelSpan();
        float alpha = color.Alpha / 255f;
        for (int i = 0; i < on.Length; i++)
        {
            if (on[i])
            {
                pixels[4 * i] = (byte)Math.Round(color.Red * alpha);
                pixels[(4 * i) + 1] = (byte)Math.Round(color.Green * alpha);
                pixels[(4 * i) + 2] = (byte)Math.Round(color.Blue * alpha);
                pixels[(4 * i) + 3] = color.Alpha;
            }
        }

        return bitmap;
    }
}
