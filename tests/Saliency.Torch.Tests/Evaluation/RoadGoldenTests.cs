using System.Text.Json;
using Saliency.Core.IO;
using Saliency.Torch.Evaluation;
using Saliency.Torch.Model;
using Saliency.TestFixtures;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Saliency.Torch.Tests.Evaluation;

/// <summary>
/// ROAD against pytorch-grad-cam 1.5.5's own ROAD classes on the peer demo (Golden/road/road_golden.json, written by
/// scripts/peer/road_golden.py): the torchvision ResNet-18 resnet18_seed0.pt, image_gray.npy on 3 channels, the
/// library's GradCAM map (Golden/road/cam.npy), target = the predicted class, score = softmax probability. With the
/// imputation noise switched off the two must agree to float precision (removed pixels, imputed values, scores);
/// with the default noise (0.01) the RNGs differ, so the means over seeds are compared within their standard errors.
/// </summary>
public sealed class RoadGoldenTests : IClassFixture<RoadGoldenTests.Demo>
{
    private readonly Demo _demo;
    private readonly ITestOutputHelper _output;

    public RoadGoldenTests(Demo demo, ITestOutputHelper output) => (_demo, _output) = (demo, output);

    [Fact]
    public void Model_input_and_clean_score_are_the_peers()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var probabilities = nn.functional.softmax(_demo.Classifier.Forward(_demo.Input), 1)[0];
        Assert.Equal(_demo.Golden.GetProperty("target").GetInt32(), (int)probabilities.argmax().item<long>());
        Assert.Equal(_demo.Golden.GetProperty("score_before").GetDouble(), probabilities[_demo.Target].item<float>(), 1e-6);
    }

    [Fact]
    public void Noise_free_removal_and_imputation_match_the_library()
    {
        var image = _demo.Input[0].contiguous().data<float>().ToArray();
        double worstSample = 0, worstSum = 0;
        foreach (var entry in _demo.Golden.GetProperty("noise_free").EnumerateArray())
        {
            var (order, percentile) = (entry.GetProperty("order").GetString()!, entry.GetProperty("percentile").GetInt32());
            var removed = RoadRemoval.Removed(_demo.Map, 100 - percentile, mostRelevantFirst: order == "morf");
            Assert.Equal(entry.GetProperty("removed").GetInt32(), removed.Count(r => r));

            var imputed = NoisyLinearImputer.Impute(image, 3, 256, 256, removed, 0, null);
            foreach (var sample in entry.GetProperty("samples").EnumerateArray())
            {
                int pixel = sample[0].GetInt32();
                Assert.True(removed[pixel], $"{order} {percentile}: pixel {pixel} is removed by the library");
                Assert.Equal(sample[1].GetDouble(), imputed[pixel], 2e-6);
                worstSample = Math.Max(worstSample, Math.Abs(sample[1].GetDouble() - imputed[pixel]));
            }

            double sum = Enumerable.Range(0, removed.Length).Where(i => removed[i]).Sum(i => (double)imputed[i]);
            Assert.Equal(entry.GetProperty("imputed_sum").GetDouble(), sum, 1e-6 * removed.Length);
            worstSum = Math.Max(worstSum, Math.Abs(entry.GetProperty("imputed_sum").GetDouble() - sum) / removed.Length);
        }

        _output.WriteLine($"largest imputed-value difference {worstSample:G3}; largest mean difference over a removed set {worstSum:G3}");
    }

    [Fact]
    public void Noise_free_scores_match_the_library()
    {
        var result = MetricComputations.Create("road(noise=0)").Compute(_demo.Classifier, _demo.Input, _demo.Map, _demo.Target);
        foreach (var entry in _demo.Golden.GetProperty("noise_free").EnumerateArray())
        {
            var name = $"road_{entry.GetProperty("order").GetString()}_{100 - entry.GetProperty("percentile").GetInt32()}";
            double library = entry.GetProperty("score_diff").GetDouble();
            _output.WriteLine($"{name}: library {library:G6}, ours {result.Value(name):G6}, difference {result.Value(name) - library:G3}");
            Assert.Equal(library, result.Value(name), 2e-6);
        }
    }

    [Fact]
    public void Noisy_scores_agree_with_the_library_within_their_standard_errors()
    {
        const int Seeds = 4;
        var noisy = _demo.Golden.GetProperty("noisy");
        var runs = Enumerable.Range(0, Seeds)
            .Select(seed => MetricComputations.Create($"road(seed={seed})").Compute(_demo.Classifier, _demo.Input, _demo.Map, _demo.Target))
            .ToList();

        foreach (var score in noisy.GetProperty("scores").EnumerateObject())
        {
            var parts = score.Name.Split('_');
            var name = $"road_{parts[0]}_{100 - int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture)}";
            AssertSameMean(score.Value, runs.Select(r => r.Value(name)).ToList(), name);
        }

        AssertSameMean(noisy.GetProperty("combined"), runs.Select(r => r.Value("road_combined")).ToList(), "road_combined");
    }

    /// <summary>|mean difference| within 4 standard errors of the difference (plus 1e-6 for float noise).</summary>
    private void AssertSameMean(JsonElement library, IReadOnlyList<double> ours, string name)
    {
        double libraryMean = library.GetProperty("mean").GetDouble(), libraryStd = library.GetProperty("std").GetDouble();
        int libraryN = library.GetProperty("n").GetInt32();
        double mean = ours.Average();
        double variance = ours.Sum(v => (v - mean) * (v - mean)) / (ours.Count - 1);
        double standardError = Math.Sqrt((libraryStd * libraryStd / libraryN) + (variance / ours.Count));
        _output.WriteLine($"{name}: ours {mean:G4} (sd {Math.Sqrt(variance):G2}), library {libraryMean:G4} (sd {libraryStd:G2}), difference {(mean - libraryMean) / standardError:F1} standard errors");
        Assert.True(
            Math.Abs(mean - libraryMean) <= (4 * standardError) + 1e-6,
            $"{name}: ours {mean:G6} (sd {Math.Sqrt(variance):G3}, n {ours.Count}), library {libraryMean:G6} (sd {libraryStd:G3}, n {libraryN})");
    }

    /// <summary>The demo classifier, input, map and golden file, loaded once for the class.</summary>
    public sealed class Demo : IDisposable
    {
        public Demo()
        {
            Golden = JsonDocument.Parse(File.ReadAllText(GoldenFile("road_golden.json"))).RootElement;
            Model = ModelStore.Load(PeerDemo.File("resnet18_seed0.pt"), overrideNormalisation: InputNormalisation.Identity);
            var image = NpyFile.Read(PeerDemo.File("image_gray.npy")).ToSingleArray();
            Input = tensor(image).reshape(1, 1, 256, 256).expand(1, 3, 256, 256).contiguous();
            Input.DetachFromDisposeScope();
            Map = NpyFile.Read(GoldenFile("cam.npy")).ToSingleArray();
            Target = Golden.GetProperty("target").GetInt32();
        }

        public JsonElement Golden { get; }

        public LoadedModel Model { get; }

        public Classifier Classifier => Model.Classifier;

        public Tensor Input { get; }

        public float[] Map { get; }

        public int Target { get; }

        public void Dispose()
        {
            Input.Dispose();
            Model.Dispose();
        }

        private static string GoldenFile(string name) =>
            RepositoryRoot.Combine("tests", "Saliency.Torch.Tests", "Evaluation", "Golden", "road", name);
    }
}
