using System.CommandLine;
using System.Globalization;
using Saliency.Core;
using Saliency.Core.Methods;
using Saliency.Torch.Benchmark;
using Saliency.Torch.Methods;
using Saliency.Torch.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Saliency.Cli.Commands.Bench;

/// <summary>
/// <c>saliency bench-methods</c>: per-variant latency of the saliency methods on one input against the measured
/// time of the network passes each makes (see <see cref="LatencyProbe"/>). Weights do not change the cost, so
/// without <c>--model</c> a randomly initialised ResNet-18 is used. Writes <c>latency.csv</c>, <c>latency.md</c>
/// (variant table, pass-time table, ScoreCAM batch speed-up) to <c>--out</c> when given, and the Markdown to stdout.
/// </summary>
internal static class BenchMethodsCommand
{
    public static Command Create()
    {
        var methods = new Option<string[]>("--methods") { Description = "all (default), paper, a method name or variant ids", AllowMultipleArgumentsPerToken = true };
        var size = new Option<int>("--size") { Description = "Input height and width in pixels", DefaultValueFactory = _ => 256 };
        var repeats = new Option<int>("--repeats") { Description = "Timed runs per measurement (median), after a warm-up round and one warm-up each", DefaultValueFactory = _ => 3 };
        var classes = new Option<int>("--classes") { Description = "Output classes of the random network", DefaultValueFactory = _ => 5 };
        var model = new Option<FileInfo?>("--model") { Description = "Model file (default: a randomly initialised ResNet-18; weights do not change the cost)" };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Folder for latency.csv and latency.md" };
        var cmd = new Command("bench-methods", "Measure method latency against the cost of their network passes.")
        {
            methods, size, repeats, classes, model, output,
        };
        var devices = DeviceOptions.AddTo(cmd);
        cmd.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            int pixels = parse.GetValue(size), runs = parse.GetValue(repeats);
            if (pixels < 32 || runs < 1 || parse.GetValue(classes) < 1)
            {
                throw new InputException("--size must be >= 32, --repeats and --classes >= 1", field: "--size/--repeats/--classes");
            }

            var device = devices.Read(parse);
            var variants = MethodSelection.Variants(parse.GetValue(methods));
            using var classifier = LoadOrCreate(parse.GetValue(model), device.Apply(), parse.GetValue(classes));
            using var generator = new Generator(0);
            using var input = rand(1, 3, pixels, pixels, generator: generator).to(classifier.Device);
            var probe = new LatencyProbe(classifier, input, runs);
            stderr.WriteLine($"bench-methods: warm-up round over {variants.Count} variant(s) ...");
            probe.WarmUp(variants, target: 0);
            var rows = new List<MethodLatency>();
            foreach (var variant in variants)
            {
                stderr.WriteLine($"bench-methods: {variant.Id} ...");
                var row = probe.Measure(variant, target: 0);
                stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"bench-methods: {variant.Id}: {row.Seconds * 1000:F1} ms/map, passes {row.PassSeconds * 1000:F1} ms, ratio {row.Ratio:F2}"));
                rows.Add(row);
            }

            var batches = rows.Select(r => r.BatchSize).Where(b => b <= 50).Append(1).ToList();
            var markdown = $"Input 3 x {pixels} x {pixels}, {get_num_threads()} torch threads, device {classifier.Device.type}, median of {runs} runs after a warm-up round over all variants and one warm-up each; target given (no prediction pass); {NativeHeap.Describe()}.\n\n"
                + LatencyTable.Markdown(rows) + "\nSingle passes (batches up to 50):\n\n" + LatencyTable.PassMarkdown(probe, batches) + ScoreCamSpeedUp(rows);
            stdout.Write(markdown);
            if (parse.GetValue(output) is { } dir)
            {
                Directory.CreateDirectory(dir.FullName);
                File.WriteAllText(Path.Combine(dir.FullName, "latency.csv"), LatencyTable.Csv(rows));
                File.WriteAllText(Path.Combine(dir.FullName, "latency.md"), markdown);
            }

            return 0;
        });
        return cmd;
    }

    private static Classifier LoadOrCreate(FileInfo? model, Device device, int classes)
    {
        if (model is not null)
        {
            return ModelStore.Load(model.FullName, device).Classifier;
        }

        manual_seed(0);
        var names = Enumerable.Range(0, classes).Select(i => $"class{i}").ToList();
        return new Classifier(new ResNet18(classes), InputNormalisation.ImageNet, names, device);
    }

    private static string ScoreCamSpeedUp(IReadOnlyList<MethodLatency> rows)
    {
        var one = rows.FirstOrDefault(r => r.Method == "ScoreCAM" && r.BatchSize == 1);
        var lines = rows.Where(r => r.Method == "ScoreCAM" && r.BatchSize > 1 && one is not null)
            .Select(r => string.Create(CultureInfo.InvariantCulture, $"- ScoreCAM batch {r.BatchSize}: {one!.Seconds / r.Seconds:F2}x faster per map than batch 1\n"));
        var text = string.Concat(lines);
        return text.Length == 0 ? string.Empty : "\n" + text;
    }
}
