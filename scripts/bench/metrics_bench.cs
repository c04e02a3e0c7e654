#:project ../../shared/Saliency.Torch/Saliency.Torch.csproj
// Time per map of each faithfulness / sanity metric, and of ROAD's imputations alone, at 256 x 256 and NEU's
// 200 x 200: a ResNet-18 (5 classes, torchvision init, seed 0) on the CPU (libtorch threads: SALIENCY_BENCH_THREADS,
// default 1), a crop of a real Severstal image ($SALIENCY_SEVERSTAL_SAMPLE/0030401a5.jpg) and its GradCAM map. One
// warm-up, then the median of SALIENCY_BENCH_RUNS (default 3) runs. SALIENCY_BENCH_KSWEEP=1 also prints deletion and
// insertion AUCs for K = 10 .. 256 (discretisation error of the default K). Usage, from the repository root:
//   dotnet run -c Release scripts/bench/metrics_bench.cs
using System.Diagnostics;
using Saliency.Core.IO;
using Saliency.Torch.Evaluation;
using Saliency.Torch.Methods;
using Saliency.Torch.Model;
using static TorchSharp.torch;

int threads = int.Parse(Environment.GetEnvironmentVariable("SALIENCY_BENCH_THREADS") ?? "1");
int runs = int.Parse(Environment.GetEnvironmentVariable("SALIENCY_BENCH_RUNS") ?? "3");
set_num_threads(threads);
random.manual_seed(0);
using var classifier = new Classifier(new ResNet18(5), InputNormalisation.Identity, ["0", "1", "2", "3", "4"]);
Console.WriteLine($"threads {threads}, runs {runs}, {Environment.ProcessorCount} logical CPUs");
var severstal = Environment.GetEnvironmentVariable("SALIENCY_SEVERSTAL_SAMPLE") ?? "../shared/data/severstal-sample";
var photo = ImageIO.ReadGray(Path.Combine(severstal, "0030401a5.jpg"));
foreach (int size in new[] { 256, 200 })
{
    var pixels = new byte[size * size];
    for (int y = 0; y < size; y++)
    {
        for (int x = 0; x < size; x++)
        {
            pixels[(y * size) + x] = photo[y, 300 + x];
        }
    }

    using var input = classifier.ToInput(pixels, size, size);
    var method = SaliencyMethods.Create("GradCAM");
    var explained = method.Explain(classifier, input);
    Report($"{size}x{size} GradCAM map (for scale)", () => method.Explain(classifier, input, explained.Target));
    Report($"{size}x{size} forward, batch 1 (for scale)", () =>
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        classifier.Forward(input);
    });
    foreach (var id in new[] { "deletion", "insertion", "road", "road(noise=0)", "sanity" })
    {
        var metric = MetricComputations.Create(id);
        Report($"{size}x{size} {id} ({metric.Settings.Cost})", () => metric.Compute(classifier, input, explained.Map, explained.Target, method));
    }

    if (size == 256 && Environment.GetEnvironmentVariable("SALIENCY_BENCH_KSWEEP") == "1")
    {
        foreach (var k in new[] { 10, 20, 50, 100, 256 })
        {
            var deletion = MetricComputations.Create($"deletion(steps={k})").Compute(classifier, input, explained.Map, explained.Target);
            var insertion = MetricComputations.Create($"insertion(steps={k})").Compute(classifier, input, explained.Map, explained.Target);
            Console.WriteLine($"K {k}: deletion_auc {deletion.Values[0].Value:F4}, insertion_auc {insertion.Values[0].Value:F4}");
        }
    }

    var image = input[0].contiguous().data<float>().ToArray();
    foreach (var (order, removed) in new[] { ("morf", 10), ("morf", 50), ("morf", 90), ("lerf", 90) })
    {
        var mask = RoadRemoval.Removed(explained.Map, removed, order == "morf");
        Report($"{size}x{size} imputation {order} {removed}% removed", () => NoisyLinearImputer.Impute(image, 3, size, size, mask, 0.01, new Generator(1)));
    }
}

void Report(string what, Action action)
{
    action();
    var times = new List<double>();
    for (int i = 0; i < runs; i++)
    {
        var clock = Stopwatch.StartNew();
        action();
        times.Add(clock.Elapsed.TotalMilliseconds);
    }

    times.Sort();
    Console.WriteLine($"{what}: median {times[times.Count / 2]:F0} ms (min {times[0]:F0}, max {times[^1]:F0})");
}
