using System.Diagnostics;
using System.Globalization;
using System.Text;
using Saliency.Core.Data;
using Saliency.Core.IO;
using Saliency.Core.Metrics;
using Saliency.Core.Results;
using Saliency.TestFixtures;

namespace Saliency.Reporting.Tests;

/// <summary>
/// Writes a results folder (docs/results-format.md) from real computations on real NEU-Seg patches: each "method
/// variant" is a simple map formula computed on the real image and timed with a stopwatch, each map is scored by the
/// real pointing-game code under the six Table 3 normalisations. Variants come in batching families
/// (<c>batched</c>, <c>batch</c>) like SmoothGrad and ScoreCAM so that Fig. 5a has lines to draw. Nothing here is
/// an expected output: tests recompute what they check from the written rows.csv.
/// </summary>
internal static class RealResultsFolder
{
    public static readonly string[] Variants =
    [
        "Intensity",
        "EdgeMagnitude(batched=false,n=3)",
        "EdgeMagnitude(batched=true,n=3)",
        "LocalContrast(batch=1)",
        "LocalContrast(batch=64)",
        "Noise(seed=7)",
        "Zero",
    ];

    public static IReadOnlyList<string> Samples { get; private set; } = [];

    /// <summary>Writes rows.csv, run.json, table1.json and maps/ for the first <paramref name="count"/> test images into <paramref name="dir"/>.</summary>
    public static void Write(string dir, int count, int mapSamples)
    {
        var images = Path.Combine(DataPaths.NeuSeg, "images", "test");
        var masks = Path.Combine(DataPaths.NeuSeg, "masks", "test");
        var names = Directory.GetFiles(images, "*.jpg").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).Take(count).ToList();
        Samples = names!;
        var rows = new StringBuilder("sample,source_id,patch_index,label,variant,method,normalisation,distance,energy,seconds,fps,forward_passes,backward_passes\n");
        var labelCounts = new Dictionary<string, int>();
        for (int s = 0; s < names.Count; s++)
        {
            var name = names[s]!;
            var image = ImageIO.ReadGray(Path.Combine(images, name + ".jpg"));
            var classes = ImageIO.ReadGray(Path.Combine(masks, name + ".png"));
            var distinct = classes.Pixels.Where(p => p != 0).Distinct().ToList();
            var label = distinct.Count switch { 0 => "0", 1 => distinct[0].ToString(CultureInfo.InvariantCulture), _ => "multiple" };
            labelCounts[label] = labelCounts.GetValueOrDefault(label) + 1;
            var field = MaskDistanceField.FromMask(classes);
            var sampleDir = Path.Combine(dir, "maps", name);
            if (s < mapSamples)
            {
                Directory.CreateDirectory(sampleDir);
                ImageIO.WritePng(Path.Combine(sampleDir, "image.png"), image);
                ImageIO.WritePng(Path.Combine(sampleDir, "mask.png"), new GrayImage(classes.Width, classes.Height, [.. classes.Pixels.Select(p => p != 0 ? (byte)255 : (byte)0)]));
            }

            foreach (var variant in Variants)
            {
                var clock = Stopwatch.StartNew();
                var map = Compute(variant, image);
                double seconds = Math.Max(clock.Elapsed.TotalSeconds, 1e-7);
                if (s < mapSamples)
                {
                    NpyFile.WriteFloat32(Path.Combine(sampleDir, variant + ".npy"), map, image.Height, image.Width);
                }

                foreach (var scored in PointingGame.ScoreAll(map, field))
                {
                    var method = variant.Split('(')[0];
                    rows.Append(string.Join(",", [
                        name, name + ".jpg", "0", label, "\"" + variant + "\"", method, scored.Normalisation.Name,
                        Number(scored.Scores.Distance), Number(scored.Scores.Energy), Number(seconds), Number(1 / seconds), "1", "0",
                    ])).Append('\n');
                }
            }
        }

        File.WriteAllText(Path.Combine(dir, "rows.csv"), rows.ToString());
        File.WriteAllText(Path.Combine(dir, "run.json"), "{\"data\":\"neu-seg test <first images>\",\"device\":\"cpu (test)\",\"variants\":" + Variants.Length + "}");
        var table1 = string.Join(",", labelCounts.Where(l => l.Key != "multiple" && l.Key != "0").Select(l => $"\"{l.Key}\": {l.Value}"));
        File.WriteAllText(Path.Combine(dir, "table1.json"),
            $"{{\"dataset\": \"neu-seg\", {table1}, \"none\": {labelCounts.GetValueOrDefault("0")}, \"multiple\": {labelCounts.GetValueOrDefault("multiple")}, \"dropped_background\": 2}}");
    }

    private static string Number(double v) => double.IsNaN(v) ? string.Empty : v.ToString("R", CultureInfo.InvariantCulture);

    private static float[] Compute(string variant, GrayImage image)
    {
        int w = image.Width, h = image.Height;
        var pixels = image.Pixels.Select(p => (float)p).ToArray();
        float mean = pixels.Average();
        switch (variant.Split('(')[0])
        {
            case "Zero":
                return new float[w * h];
            case "Intensity":
                return [.. pixels.Select(p => mean - p)];
            case "EdgeMagnitude":
            {
                int n = 3;
                var sum = new float[w * h];
                for (int k = 0; k < n; k++)
                {
                    for (int y = 1; y < h - 1; y++)
                    {
                        for (int x = 1; x < w - 1; x++)
                        {
                            float gx = pixels[(y * w) + x + 1] - pixels[(y * w) + x - 1];
                            float gy = pixels[((y + 1) * w) + x] - pixels[((y - 1) * w) + x];
                            sum[(y * w) + x] += MathF.Sqrt((gx * gx) + (gy * gy)) / n;
                        }
                    }
                }

                return sum;
            }

            case "LocalContrast":
            {
                const int r = 5;
                var result = new float[w * h];
                for (int y = 0; y < h; y++)
                {
                    for (int x = 0; x < w; x++)
                    {
                        float acc = 0;
                        int c = 0;
                        for (int dy = -r; dy <= r; dy++)
                        {
                            for (int dx = -r; dx <= r; dx++)
                            {
                                int yy = y + dy, xx = x + dx;
                                if (yy >= 0 && yy < h && xx >= 0 && xx < w)
                                {
                                    acc += mean - pixels[(yy * w) + xx];
                                    c++;
                                }
                            }
                        }

                        result[(y * w) + x] = acc / c;
                    }
                }

                return result;
            }

            default:
            {
                var random = new Random(7 + image.Pixels[0]);
                return [.. Enumerable.Range(0, w * h).Select(_ => (float)((random.NextDouble() * 2) - 1))];
            }
        }
    }
}
