using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Saliency.Core.IO;
using Saliency.Core.Metrics;
using Saliency.Torch.Methods;

namespace Saliency.Cli.Commands.Explain;

/// <summary>
/// Writes one explanation to <c>DIR/&lt;variant-id&gt;/</c>: <c>map.npy</c> (raw float32 H x W), one
/// <c>&lt;normalisation&gt;.npy</c> per normalisation of Table 3 (float32 in [0, 1]), <c>overlay.png</c> (image +
/// jet heatmap of the overlay normalisation + mask outline) and <c>result.json</c> (variant, parameters, model,
/// prediction, probabilities, passes, seconds, and both pointing-game scores per normalisation when a mask is given).
/// </summary>
internal sealed record ExplainOutput(
    string ModelPath,
    string ImagePath,
    string? MaskPath,
    IReadOnlyList<string> ClassNames,
    int Predicted,
    float[] Probabilities,
    float[] Mean,
    float[] Std,
    Normalisation OverlayNormalisation)
{
    public JsonObject Write(string folder, SaliencyMethod method, SaliencyResult result, InputImageFile image, byte[]? mask)
    {
        var dir = Path.Combine(folder, method.Variant.Id);
        Directory.CreateDirectory(dir);
        NpyFile.WriteFloat32(Path.Combine(dir, "map.npy"), result.Map, result.Height, result.Width);
        foreach (var normalisation in Normalisation.Table3)
        {
            NpyFile.WriteFloat32(Path.Combine(dir, normalisation.Name + ".npy"), normalisation.Apply(result.Map), result.Height, result.Width);
        }

        var overlay = HeatmapOverlay.Render(image.Display, OverlayNormalisation.Apply(result.Map), mask);
        ImageIO.WriteRgbaPng(Path.Combine(dir, "overlay.png"), result.Width, result.Height, overlay);

        var json = new JsonObject
        {
            ["variant"] = method.Variant.Id,
            ["method"] = method.Name,
            ["parameters"] = new JsonObject(method.Variant.Parameters.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value)))),
            ["model"] = ModelPath,
            ["image"] = ImagePath,
            ["mask"] = MaskPath,
            ["height"] = result.Height,
            ["width"] = result.Width,
            ["normalisation_mean"] = new JsonArray([.. Mean.Select(v => (JsonNode?)JsonValue.Create(v))]),
            ["normalisation_std"] = new JsonArray([.. Std.Select(v => (JsonNode?)JsonValue.Create(v))]),
            ["predicted_class"] = Predicted,
            ["predicted_name"] = ClassNames[Predicted],
            ["target"] = result.Target,
            ["target_name"] = ClassNames[result.Target],
            ["probabilities"] = new JsonArray([.. Probabilities.Select(v => (JsonNode?)JsonValue.Create(v))]),
            ["forward_passes"] = result.ForwardPasses,
            ["backward_passes"] = result.BackwardPasses,
            ["batch_size"] = result.BatchSize,
            ["seconds"] = result.Seconds,
            ["overlay_normalisation"] = OverlayNormalisation.Name,
            ["scores"] = mask is null ? null : Scores(result, mask),
        };
        File.WriteAllText(Path.Combine(dir, "result.json"), json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return json;
    }

    private static JsonObject Scores(SaliencyResult result, byte[] mask)
    {
        var field = MaskDistanceField.FromMask(mask, result.Height, result.Width);
        var scores = new JsonObject();
        foreach (var (normalisation, s) in PointingGame.ScoreAll(result.Map, field))
        {
            var entry = new JsonObject
            {
                ["distance"] = s.IsDefined ? s.Distance : null,
                ["energy"] = s.IsDefined ? s.Energy : null,
            };
            if (s.UndefinedReason is { } reason)
            {
                entry["undefined"] = reason;
            }

            scores[normalisation.Name] = entry;
        }

        return scores;
    }

    public static string Summary(IEnumerable<JsonObject> results)
    {
        var c = CultureInfo.InvariantCulture;
        var lines = results.Select(r =>
        {
            var distance = r["scores"]?[(string)r["overlay_normalisation"]!]?["distance"];
            var score = distance is null ? "-" : ((double)distance).ToString("F3", c);
            return string.Create(c, $"{(string)r["variant"]!,-36} target {(int)r["target"]!,3}  {(double)r["seconds"]! * 1000,9:F1} ms  fwd {(int)r["forward_passes"]!,4}  bwd {(int)r["backward_passes"]!,4}  distance({(string)r["overlay_normalisation"]!}) {score}");
        });
        return string.Join(Environment.NewLine, lines) + Environment.NewLine;
    }
}
