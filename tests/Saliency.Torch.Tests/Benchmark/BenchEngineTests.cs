using System.Text.Json.Nodes;
using Saliency.Core;
using Saliency.Core.IO;
using Saliency.Core.Methods;
using Saliency.Core.Metrics;
using Saliency.Core.Results;
using Saliency.TestFixtures;
using Saliency.Torch.Benchmark;
using Saliency.Torch.Methods;
using Saliency.Torch.Tests.Methods;
using static TorchSharp.torch;

namespace Saliency.Torch.Tests.Benchmark;

public sealed class BenchEngineTests
{
    private const int Size = 64;

    /// <summary>Real 64 x 64 crops of one Severstal image with a rectangular "defect" mask each.</summary>
    private sealed class CropProvider : IPatchProvider
    {
        private readonly GrayImage _image = ImageIO.ReadGray(Path.Combine(DataPaths.SeverstalSample, "0030401a5.jpg"));

        public BenchPatch Get(int index)
        {
            if (index is < 0 or >= 20)
            {
                throw new InputException($"no patch {index}", field: "sample");
            }

            var pixels = new byte[Size * Size];
            var mask = new byte[Size * Size];
            for (int y = 0; y < Size; y++)
            {
                for (int x = 0; x < Size; x++)
                {
                    pixels[(y * Size) + x] = _image[100 + y, (index * 70) + x];
                    mask[(y * Size) + x] = (byte)(x >= 10 + index && x < 30 + index && y >= 20 && y < 40 ? 3 : 0);
                }
            }

            return new BenchPatch(index, "0030401a5.jpg", index, 3, pixels, mask, Size, Size);
        }
    }

    [Fact]
    public void Engine_explains_the_predicted_class_for_every_sample_and_variant_and_scores_each_map_under_all_normalisations()
    {
        using var classifier = TestModels.Random(classes: 3, seed: 23);
        var variants = new[] { MethodVariant.Parse("VanillaGrad"), MethodVariant.Parse("GradCAM"), MethodVariant.Parse("DeepLift(reference=zero)") };
        var engine = new BenchEngine(classifier, variants);
        var provider = new CropProvider();
        int[] samples = [5, 2, 9];
        var events = new List<BenchProgress>();
        var results = engine.Run(provider, samples, events.Add).ToList();

        Assert.Equal(samples.SelectMany(s => variants.Select(v => (s, v.Id))), results.Select(r => (r.Patch.Index, r.Variant.Id)));
        Assert.Equal(3, events.Count(e => e.WarmUp));
        Assert.Equal(Enumerable.Range(1, 9), events.Where(e => !e.WarmUp).Select(e => e.Done));

        foreach (var r in results)
        {
            var patch = provider.Get(r.Patch.Index);
            using var input = classifier.ToInput(patch.Pixels, Size, Size);
            int predicted;
            using (no_grad())
            using (var logits = classifier.Forward(input))
            {
                predicted = (int)logits[0].argmax().item<long>();
            }

            Assert.Equal(predicted, r.Saliency.Target);
            var again = SaliencyMethods.Create(r.Variant).Explain(classifier, input, predicted).Map;
            Assert.All(again.Zip(r.Saliency.Map), z => Assert.Equal(z.First, z.Second, 5));

            // Scores: the mask's defect pixels (class 3 -> nonzero) against the map, all six normalisations.
            var field = MaskDistanceField.FromMask(patch.Mask.Select(m => m == 0 ? (byte)0 : (byte)1).ToArray(), Size, Size);
            var expected = PointingGame.ScoreAll(r.Saliency.Map, field);
            Assert.Equal(Normalisation.Table3.Select(n => n.Name), r.Scores.Select(s => s.Normalisation.Name));
            Assert.Equal(expected.Select(s => s.Scores.Distance), r.Scores.Select(s => s.Scores.Distance));
            Assert.Equal(6, r.Rows().Count());
        }
    }

    [Fact]
    public void Writer_produces_the_results_folder_with_rows_tables_and_maps_of_the_first_samples()
    {
        using var classifier = TestModels.Random(classes: 3, seed: 29);
        var engine = new BenchEngine(classifier, [MethodVariant.Parse("GradCAM"), MethodVariant.Parse("ScoreCAM(batch=50,layer=layer3)")]);
        using var dir = new TempDir();
        var folder = Path.Combine(dir.Path, "out");
        using (var writer = new ResultsFolderWriter(folder))
        {
            var mapped = new HashSet<int>();
            foreach (var result in engine.Run(new CropProvider(), [1, 4, 7], warmUp: false))
            {
                result.WriteTo(writer, mapSamples: 2, mapped);
            }

            writer.Complete(new RunDescription
            {
                Kind = RunDescription.BenchKind, Data = "crops", Model = "random", Variants = [.. engine.Variants.Select(v => v.Id)], Normalisations = [],
            });
        }

        var rows = RowsCsv.Read(Path.Combine(folder, "rows.csv"));
        Assert.Equal(3 * 2 * 6, rows.Count);
        // ScoreCAM at layer3: 256 masks in ceil(256 / 50) = 6 batches, plus the capturing forward.
        Assert.All(rows, r => Assert.Equal(r.Variant == "GradCAM" ? (1, 1) : (1 + 6, 0), (r.ForwardPasses, r.BackwardPasses)));
        var table3 = File.ReadAllLines(Path.Combine(folder, "table3.csv"));
        Assert.Equal("variant,method,All-100,Abs-100,ReLU-100,All-99,Abs-99,ReLU-99,best,samples", table3[0]);
        Assert.Equal(3, table3.Length);
        Assert.Equal(3, File.ReadAllLines(Path.Combine(folder, "fps.csv")).Length);
        Assert.True(File.Exists(Path.Combine(folder, "run.json")));
        Assert.Equal(["1", "4"], Directory.GetDirectories(Path.Combine(folder, "maps")).Select(Path.GetFileName).Order());
        var map = SaliencyMapFile.Read(Path.Combine(folder, "maps", "4", "ScoreCAM(batch=50,layer=layer3).npy"));
        Assert.Equal((Size, Size), (map.Height, map.Width));
        Assert.True(File.Exists(Path.Combine(folder, "maps", "1", "mask.png")));
    }
}
