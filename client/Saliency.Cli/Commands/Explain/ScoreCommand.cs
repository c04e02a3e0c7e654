using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Saliency.Core;
using Saliency.Core.IO;
using Saliency.Core.Metrics;

namespace Saliency.Cli.Commands.Explain;

/// <summary>
/// <c>saliency score --map MAP.npy --mask MASK(.npy|.png) [--format json|table]</c>: scores a raw saliency map
/// against a binary defect mask (nonzero = defect) under the six normalisations of Table 3, with the distance and the
/// energy-based pointing games. JSON output is one object keyed by normalisation name (<c>All-100</c>, ...), each
/// value <c>{"distance": d, "energy": e}</c>; an undefined outcome (empty mask, all-zero normalised map) has both
/// numbers null and an <c>"undefined"</c> reason string. See docs/metrics.md.
/// </summary>
internal static class ScoreCommand
{
    public static Command Create()
    {
        var map = new Option<FileInfo>("--map") { Description = "Raw saliency map: .npy, H x W or 1 x H x W, float32/float64 (or integer)", Required = true };
        var mask = new Option<FileInfo>("--mask") { Description = "Defect mask: .npy (H x W, any dtype) or an image (PNG); nonzero = defect", Required = true };
        var format = new Option<string>("--format") { Description = "Output format: json or table", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json", "table");
        var cmd = new Command("score", "Score a saliency map against a binary defect mask under the six normalisations.") { map, mask, format };
        cmd.SetAction(parse =>
        {
            var results = Score(parse.GetValue(map)!.FullName, parse.GetValue(mask)!.FullName);
            var text = parse.GetValue(format) == "table" ? FormatTable(results) : FormatJson(results);
            parse.InvocationConfiguration.Output.Write(text);
            return 0;
        });
        return cmd;
    }

    /// <summary>Loads both files, checks that their sizes agree and scores under <see cref="Normalisation.Table3"/>.</summary>
    internal static IReadOnlyList<NormalisedScores> Score(string mapPath, string maskPath)
    {
        var (values, height, width) = SaliencyMapFile.Read(mapPath);
        var maskImage = MaskFile.Read(maskPath);
        if (maskImage.Height != height || maskImage.Width != width)
        {
            throw new InputException(
                $"mask is {maskImage.Height} x {maskImage.Width} (H x W) but the map {mapPath} is {height} x {width}",
                file: maskPath,
                field: "shape");
        }

        return PointingGame.ScoreAll(values, MaskDistanceField.FromMask(maskImage));
    }

    internal static string FormatJson(IReadOnlyList<NormalisedScores> results)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            foreach (var (normalisation, scores) in results)
            {
                json.WriteStartObject(normalisation.Name);
                WriteScore(json, "distance", scores.Distance);
                WriteScore(json, "energy", scores.Energy);
                if (scores.UndefinedReason is { } reason)
                {
                    json.WriteString("undefined", reason);
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + Environment.NewLine;
    }

    internal static string FormatTable(IReadOnlyList<NormalisedScores> results)
    {
        var rows = new List<string[]> { new[] { "normalisation", "distance", "energy" } };
        foreach (var (normalisation, scores) in results)
        {
            rows.Add(scores.IsDefined
                ? [normalisation.Name, Number(scores.Distance), Number(scores.Energy)]
                : [normalisation.Name, $"undefined ({scores.UndefinedReason})", "undefined"]);
        }

        var widths = Enumerable.Range(0, 3).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            text.Append(row[0].PadRight(widths[0])).Append("  ")
                .Append(row[1].PadLeft(widths[1])).Append("  ")
                .Append(row[2].PadLeft(widths[2]).TrimEnd()).AppendLine();
        }

        return text.ToString();
    }

    private static string Number(double value) => value.ToString("F6", CultureInfo.InvariantCulture);

    private static void WriteScore(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, value);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
