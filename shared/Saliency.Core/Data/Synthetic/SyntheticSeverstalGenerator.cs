using System.Text;
using Saliency.Core.Data.Severstal;
using Saliency.Core.IO;

namespace Saliency.Core.Data.Synthetic;

/// <summary>
/// Writes a small synthetic data set in the Severstal layout: <c>train.csv</c> plus 1600x256 grey PNG images named
/// <c>synth_0000.png</c>, ... Each image is a steel-like texture (grey level 95-135, row streaks, noise). Defects are
/// drawn inside the six 256-pixel patch slots used by <see cref="ImagePatcher"/> (columns 32 + 256k, 8 px margin),
/// so almost every defect patch has a single class; classes are dealt in shuffled rounds of 1..4 so they stay
/// balanced, with some clean slots, some two-class ("multiple") slots, every <c>DefectFreeEvery</c>-th image
/// defect-free and every <c>BlackEdgeEvery</c>-th image with a black (0-5) margin at one edge that covers the
/// outer slot (dropped by the background rule). Non-black pixels never go below 15. Same seed, same bytes.
/// </summary>
public static class SyntheticSeverstalGenerator
{
    private const int SlotMargin = 8;
    private const byte MinimumSteel = 15;

    public static SyntheticSummary Generate(string outputFolder, SyntheticOptions options)
    {
        options.Validate();
        Directory.CreateDirectory(outputFolder);
        var random = new DeterministicRandom(options.Seed);
        var patching = PatchingOptions.Default;
        int slots = (SeverstalFormat.Width - patching.CropLeft - patching.CropRight) / patching.PatchSize;
        var deck = new Stack<int>();
        var csv = new StringBuilder(SeverstalFormat.CsvHeader + "\n");
        int rows = 0, defectFree = 0;
        for (int i = 0; i < options.Images; i++)
        {
            var imageId = $"synth_{i:D4}.png";
            var canvas = new SyntheticCanvas(SeverstalFormat.Width, SeverstalFormat.Height, SeverstalFormat.ClassCount);
            PaintSteel(canvas, random);
            PixelRect? black = i % options.BlackEdgeEvery == 0 ? BlackMargin(random, patching) : null;
            bool clean = i % options.DefectFreeEvery == options.DefectFreeEvery - 1;
            defectFree += clean ? 1 : 0;
            for (int s = 0; s < slots && !clean; s++)
            {
                var area = SlotArea(s, patching, black);
                if (area is null || random.NextDouble() < options.CleanPatchProbability)
                {
                    continue;
                }

                int first = Deal(deck, random);
                SyntheticDefectPainter.Paint(canvas, first, area.Value, random);
                if (random.NextDouble() < options.MultipleProbability)
                {
                    int second = 1 + ((first - 1 + random.Next(1, SeverstalFormat.ClassCount)) % SeverstalFormat.ClassCount);
                    SyntheticDefectPainter.Paint(canvas, second, area.Value, random);
                }
            }

            var pixels = Finish(canvas, black, random);
            ImageIO.WritePng(Path.Combine(outputFolder, imageId), new GrayImage(canvas.Width, canvas.Height, pixels));
            for (int c = 1; c <= SeverstalFormat.ClassCount; c++)
            {
                var encoded = RunLengthCodec.Encode(canvas.ClassMasks[c - 1], canvas.Width, canvas.Height);
                if (encoded.Length > 0)
                {
                    csv.Append(imageId).Append(',').Append(c).Append(',').Append(encoded).Append('\n');
                    rows++;
                }
            }
        }

        var csvPath = Path.Combine(outputFolder, SeverstalFormat.CsvName);
        File.WriteAllText(csvPath, csv.ToString());
        return new SyntheticSummary(options.Images, defectFree, rows, csvPath);
    }

    private static int Deal(Stack<int> deck, DeterministicRandom random)
    {
        if (deck.Count == 0)
        {
            var round = Enumerable.Range(1, SeverstalFormat.ClassCount).ToList();
            random.Shuffle(round);
            foreach (var c in round)
            {
                deck.Push(c);
            }
        }

        return deck.Pop();
    }

    private static void PaintSteel(SyntheticCanvas canvas, DeterministicRandom random)
    {
        double level = 95 + (40 * random.NextDouble());
        double phase = 2 * Math.PI * random.NextDouble();
        var rowOffset = new double[canvas.Height];
        double walk = 0;
        for (int y = 0; y < canvas.Height; y++)
        {
            walk = Math.Clamp(walk + (random.NextGaussian() * 1.2), -6, 6);
            rowOffset[y] = walk;
        }

        var columnOffset = new double[canvas.Width];
        for (int x = 0; x < canvas.Width; x++)
        {
            columnOffset[x] = 5 * Math.Sin((x / 140.0) + phase);
        }

        for (int y = 0; y < canvas.Height; y++)
        {
            for (int x = 0; x < canvas.Width; x++)
            {
                canvas.Gray[(y * canvas.Width) + x] = (float)(level + rowOffset[y] + columnOffset[x] + (random.NextGaussian() * 5));
            }
        }
    }

    /// <summary>Black columns [Left, Right): the outer slot and 4-40 columns of the next one, at a random edge.</summary>
    private static PixelRect BlackMargin(DeterministicRandom random, PatchingOptions patching)
    {
        int extent = patching.CropLeft + patching.PatchSize + random.Next(4, 41);
        bool left = random.NextDouble() < 0.5;
        return new PixelRect(left ? 0 : SeverstalFormat.Width - extent, 0, extent, SeverstalFormat.Height);
    }

    /// <summary>The drawable area of slot s (inside its patch, off the black margin), or null if it is black.</summary>
    private static PixelRect? SlotArea(int slot, PatchingOptions patching, PixelRect? black)
    {
        int left = patching.CropLeft + (slot * patching.PatchSize) + SlotMargin;
        int right = patching.CropLeft + ((slot + 1) * patching.PatchSize) - SlotMargin;
        if (black is { } b)
        {
            if (b.Left == 0)
            {
                left = Math.Max(left, b.Right + SlotMargin);
            }
            else
            {
                right = Math.Min(right, b.Left - SlotMargin);
            }
        }

        return right - left < patching.PatchSize / 2
            ? null
            : new PixelRect(left, SlotMargin, right - left, SeverstalFormat.Height - (2 * SlotMargin));
    }

    private static byte[] Finish(SyntheticCanvas canvas, PixelRect? black, DeterministicRandom random)
    {
        var pixels = new byte[canvas.Gray.Length];
        for (int y = 0; y < canvas.Height; y++)
        {
            for (int x = 0; x < canvas.Width; x++)
            {
                int p = (y * canvas.Width) + x;
                pixels[p] = black is { } b && b.Contains(x, y)
                    ? (byte)random.Next(0, 6)
                    : (byte)Math.Clamp((int)Math.Round(canvas.Gray[p]), MinimumSteel, 255);
            }
        }

        return pixels;
    }
}
