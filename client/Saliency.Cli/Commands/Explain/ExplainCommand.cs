using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Saliency.Core;
using Saliency.Core.IO;
using Saliency.Core.Methods;
using Saliency.Core.Metrics;
using Saliency.Torch.Methods;
using Saliency.Torch.Model;
using static TorchSharp.torch;

namespace Saliency.Cli.Commands.Explain;

/// <summary>
/// <c>saliency explain --model FILE --image FILE [--mask FILE] [--method NAME|all ...] [--param k=v ...]
/// [--target CLASS] [--mean a,b,c --std a,b,c] --out DIR</c>: computes saliency maps for one image and writes,
/// per variant, the raw and normalised maps, an overlay and a JSON record (<see cref="ExplainOutput"/>), plus
/// <c>DIR/explain.json</c> with all records. Image conventions: see <see cref="InputImageFile"/> (.npy as is, other
/// images scaled to [0, 1]). <c>--param</c> values go to every selected method that declares the parameter (an
/// unknown name is an error); variants that become identical are run once. The target is the predicted class
/// unless <c>--target</c> is given. Timings include first-call effects (no warm-up); use bench for speed.
/// </summary>
internal static class ExplainCommand
{
    public static Command Create()
    {
        var model = new Option<FileInfo>("--model") { Description = "Model: project checkpoint (.safetensors) or state dict (.pth/.safetensors)", Required = true };
        var image = new Option<FileInfo>("--image") { Description = "Image: PNG/JPEG (scaled to [0,1]) or .npy (H x W, 1 x H x W or 3 x H x W, used as is)", Required = true };
        var mask = new Option<FileInfo?>("--mask") { Description = "Defect mask (.npy or image, nonzero = defect) for the pointing-game scores and the outline" };
        var method = new Option<string[]>("--method") { Description = "all (default), paper, a method name or a variant id; repeatable", AllowMultipleArgumentsPerToken = true };
        var parameters = new Option<string[]>("--param") { Description = "Method parameter k=v (repeatable), applied to every selected method that has it", AllowMultipleArgumentsPerToken = true };
        var target = new Option<int?>("--target") { Description = "Class index to explain (default: the predicted class)" };
        var mean = new Option<string?>("--mean") { Description = "Input normalisation mean a,b,c (overrides the model's)" };
        var std = new Option<string?>("--std") { Description = "Input normalisation std a,b,c (overrides the model's)" };
        var overlay = new Option<string>("--overlay-normalisation") { Description = "Normalisation drawn in overlay.png", DefaultValueFactory = _ => "Abs-99" };
        var output = new Option<DirectoryInfo>("--out") { Description = "Output folder", Required = true };
        var cmd = new Command("explain", "Compute saliency maps for one image and write maps, overlays and scores.")
        {
            model, image, mask, method, parameters, target, mean, std, overlay, output,
        };
        var devices = DeviceOptions.AddTo(cmd);
        cmd.SetAction(parse =>
        {
            var device = devices.Read(parse);
            var variants = Variants(parse.GetValue(method), parse.GetValue(parameters));
            var overlayNormalisation = Normalisation.Parse(parse.GetValue(overlay)!);
            var normalisation = NormalisationOverride(parse.GetValue(mean), parse.GetValue(std));
            var imagePath = parse.GetValue(image)!.FullName;
            var input = InputImageFile.Read(imagePath);
            var maskPath = parse.GetValue(mask)?.FullName;
            byte[]? maskPixels = null;
            if (maskPath is not null)
            {
                var maskImage = MaskFile.Read(maskPath);
                if (maskImage.Height != input.Height || maskImage.Width != input.Width)
                {
                    throw new InputException($"mask is {maskImage.Height} x {maskImage.Width} but the image is {input.Height} x {input.Width}", maskPath, field: "shape");
                }

                maskPixels = maskImage.Pixels;
            }

            var modelPath = parse.GetValue(model)!.FullName;
            using var loaded = ModelStore.Load(modelPath, device.Apply(), normalisation);
            var classifier = loaded.Classifier;
            if (parse.GetValue(target) is { } t && (t < 0 || t >= classifier.NumClasses))
            {
                throw new InputException($"class {t} is outside 0..{classifier.NumClasses - 1}", field: "--target");
            }

            using var x = tensor(input.Values).reshape(1, 3, input.Height, input.Width).to(classifier.Device);
            var (predicted, probabilities) = Predict(classifier, x);
            var writer = new ExplainOutput(modelPath, imagePath, maskPath, classifier.ClassNames, predicted, probabilities,
                classifier.Normalisation.Mean, classifier.Normalisation.Std, overlayNormalisation);
            var folder = parse.GetValue(output)!.FullName;
            Directory.CreateDirectory(folder);
            var records = new List<JsonObject>();
            foreach (var variant in variants)
            {
                var saliency = SaliencyMethods.Create(variant);
                parse.InvocationConfiguration.Error.WriteLine($"explain: {variant.Id} ...");
                var result = saliency.Explain(classifier, x, parse.GetValue(target));
                records.Add(writer.Write(folder, saliency, result, input, maskPixels));
            }

            var all = new JsonArray([.. records.Select(r => (JsonNode?)r.DeepClone())]);
            File.WriteAllText(Path.Combine(folder, "explain.json"), all.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            parse.InvocationConfiguration.Output.Write(string.Create(CultureInfo.InvariantCulture,
                $"predicted class {predicted} ({classifier.ClassNames[predicted]}), p = {probabilities[predicted]:F4}{Environment.NewLine}"));
            parse.InvocationConfiguration.Output.Write(ExplainOutput.Summary(records));
            return 0;
        });
        return cmd;
    }

    /// <summary>The selected variants with the <c>--param</c> values applied, validated and de-duplicated.</summary>
    internal static IReadOnlyList<MethodVariant> Variants(string[]? selections, string[]? parameters)
    {
        var selected = MethodSelection.Variants(selections);
        var given = (parameters ?? []).Select(ParseParameter).ToList();
        foreach (var (key, _) in given)
        {
            if (!selected.Any(v => MethodCatalogue.Get(v.Method).Parameter(key) is not null))
            {
                throw new InputException(
                    $"no selected method has a parameter '{key}' (selected: {string.Join(", ", selected.Select(v => v.Method).Distinct())})", field: "--param");
            }
        }

        return selected.Select(v =>
            {
                var declared = MethodCatalogue.Get(v.Method).Parameters.Select(p => p.Name).ToHashSet();
                var merged = v.Parameters.ToDictionary(p => p.Key, p => p.Value);
                foreach (var (key, value) in given.Where(g => declared.Contains(g.Key)))
                {
                    merged[key] = value;
                }

                return MethodCatalogue.Bind(new MethodVariant(v.Method, merged)).Variant;
            })
            .Distinct()
            .ToList();
    }

    private static KeyValuePair<string, string> ParseParameter(string text)
    {
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0 || eq == text.Length - 1)
        {
            throw new InputException($"'{text}' is not key=value", field: "--param");
        }

        return KeyValuePair.Create(text[..eq].Trim(), text[(eq + 1)..].Trim());
    }

    private static InputNormalisation? NormalisationOverride(string? mean, string? std)
    {
        if (mean is null && std is null)
        {
            return null;
        }

        if (mean is null || std is null)
        {
            throw new InputException("give both --mean and --std, or neither", field: "--mean/--std");
        }

        return new InputNormalisation(Triple(mean, "--mean"), Triple(std, "--std")).Validate();
    }

    private static float[] Triple(string text, string field)
    {
        var parts = text.Split(',');
        var values = new float[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!float.TryParse(parts[i].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !float.IsFinite(values[i]))
            {
                throw new InputException($"'{parts[i]}' is not a number", field: field);
            }
        }

        return values.Length == 3 ? values : throw new InputException($"expected 3 comma-separated values, got {values.Length}", field: field);
    }

    private static (int Predicted, float[] Probabilities) Predict(Classifier classifier, Tensor input)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var probabilities = nn.functional.softmax(classifier.Forward(input), 1)[0].cpu().data<float>().ToArray();
        int predicted = Array.IndexOf(probabilities, probabilities.Max());
        return (predicted, probabilities);
    }
}
