using System.CommandLine;
using System.Globalization;
using Saliency.Core;
using Saliency.Torch.Model;
using static TorchSharp.torch;

namespace Saliency.Cli.Commands.Model;

/// <summary>
/// <c>saliency verify-model</c>: checks this program's ResNet-18 against reference logits computed elsewhere (e.g.
/// torchvision): loads the weights, runs the reference file's <c>input</c> (N x 3 x H x W, fed as is, before any
/// normalisation the model records) and compares with its <c>logits</c>. Exit code 0 when every logit is within
/// <c>--tolerance</c> x the largest reference logit magnitude, 1 otherwise. See docs/model.md.
/// </summary>
internal static class VerifyModelCommand
{
    public static Command Create()
    {
        var model = new Option<FileInfo>("--model") { Description = "Weights (.pth/.pt state dict or .safetensors)", Required = true };
        var reference = new Option<FileInfo>("--reference") { Description = "torch.save({'input': x, 'logits': y}) file (.pt) or safetensors with those two tensors", Required = true };
        var tolerance = new Option<double>("--tolerance") { Description = "Allowed error relative to the largest |logit|", DefaultValueFactory = _ => 1e-4 };
        var cmd = new Command("verify-model", "Compare the model's logits with reference logits (e.g. from torchvision).") { model, reference, tolerance };
        cmd.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var referencePath = parse.GetValue(reference)!.FullName;
            using var loaded = ModelStore.Load(parse.GetValue(model)!.FullName);
            using var content = WeightsFile.Read(referencePath);
            var input = Require(content, "input", referencePath);
            var expected = Require(content, "logits", referencePath);
            if (input.dim() != 4 || input.shape[1] != 3 || expected.dim() != 2 || expected.shape[0] != input.shape[0] || expected.shape[1] != loaded.Classifier.NumClasses)
            {
                throw new InputException(
                    $"need input N x 3 x H x W and logits N x {loaded.Classifier.NumClasses}, got [{string.Join(", ", input.shape)}] and [{string.Join(", ", expected.shape)}]", referencePath);
            }

            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            var actual = loaded.Classifier.Network.forward(input.to(float32)).to(float64);
            var reference64 = expected.to(float64);
            double maxError = (actual - reference64).abs().max().item<double>();
            double scale = reference64.abs().max().item<double>();
            double relative = maxError / Math.Max(scale, 1e-12);
            bool ok = relative <= parse.GetValue(tolerance);
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{(ok ? "OK" : "MISMATCH")}: {input.shape[0]} inputs, max |logit error| {maxError:E3}, largest |logit| {scale:F4}, relative {relative:E3}"));
            return ok ? 0 : 1;
        });
        return cmd;
    }

    private static Tensor Require(SafeTensorsContent content, string name, string path) =>
        content.Tensors.TryGetValue(name, out var t) ? t : throw new InputException($"no tensor '{name}' (has: {string.Join(", ", content.Tensors.Keys)})", path, field: name);
}
