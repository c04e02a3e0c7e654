using Saliency.Contracts;
using Saliency.Core.Data;
using Saliency.Core.Methods;
using Saliency.Core.Metrics;
using Saliency.Silo.Hosting;
using Saliency.Sweeps;
using Saliency.TestFixtures;
using Saliency.Torch.Benchmark;
using Saliency.Torch.Model;

namespace Saliency.Grains.Tests;

public class EngineSweepTests
{
    private const int Size = 64;

    internal static string WritePatchSet(string path)
    {
        var random = new Random(7);
        var patches = new List<PatchRecord>();
        for (var n = 0; n < 5; n++)
        {
            var pixels = new byte[Size * Size];
            var mask = new byte[Size * Size];
            int cx = random.Next(16, 48), cy = random.Next(16, 48);
            for (var i = 0; i < pixels.Length; i++)
            {
                int x = i % Size, y = i / Size;
                var inside = Math.Abs(x - cx) < 8 && Math.Abs(y - cy) < 8;
                pixels[i] = inside ? (byte)240 : (byte)(80 + random.Next(40));
                mask[i] = inside ? (byte)1 : (byte)0;
            }

            patches.Add(new PatchRecord(pixels, mask, 1, new PatchProvenance($"img{n}.jpg", 0, n)));
        }

        PatchSetWriter.Write(path, new PatchSetDescription("tiny", ["square", "line"], Size, Size, new Dictionary<string, string>()), patches);
        return path;
    }

    internal static string WriteModel(string path)
    {
        TorchSharp.torch.manual_seed(11);
        var norm = new InputNormalisation([0.5f, 0.5f, 0.5f], [0.25f, 0.25f, 0.25f]);
        using var classifier = new Classifier(new ResNet18(3), norm, ["none", "square", "line"]);
        ModelStore.Save(path, classifier, new ModelMetadata
        {
            ClassIds = [0, 1, 2],
            ClassNames = ["none", "square", "line"],
            NormalisationMean = norm.Mean,
            NormalisationStd = norm.Std,
            PatchSize = Size,
        });
        return path;
    }

    [Fact]
    public async Task A_sweep_through_the_engine_gives_the_bench_engines_scores_for_every_sample()
    {
        using var dir = new TempDir();
        var data = WritePatchSet(dir.File("tiny.patches"));
        var model = WriteModel(dir.File("model.safetensors"));
        File.WriteAllText(dir.File("samples.txt"), "0\n1\n3\n4\n");
        var spec = SweepFile.Parse($"""
            name: engine
            data: {data}
            model: {model}
            samples: {"{"} file: {dir.File("samples.txt")} {"}"}
            normalisations: [All-100, Abs-99]
            shard_size: 3
            methods:
              - method: VanillaGrad
              - method: GradCAM
            """, "engine.yaml", dir.Path);

        await using (var cluster = await EmbeddedCluster.StartAsync(o =>
            {
                o.Executor.Evaluator = "engine";
                o.Results.Directory = dir.File("results");
            }))
        {
            var sweep = cluster.Client.GetGrain<ISweepGrain>(spec.SweepId);
            await sweep.Submit(spec);
            var status = await SweepSpecs.WaitFinished(sweep, TimeSpan.FromSeconds(120));
            Assert.True(status.State == SweepState.Completed, status.Message + string.Join(";", status.FailedShards.Select(f => f.Error)));

            // The reference: the bench engine run directly on the same model, patch set and samples.
            using var loaded = ModelStore.Load(model);
            using var reader = PatchSetReader.Open(data);
            var norms = spec.Normalisations.Select(Normalisation.Parse).ToList();
            var bench = new BenchEngine(loaded.Classifier, spec.Trials.Select(t => MethodVariant.Parse(t.VariantId)).ToList(), norms)
                .Run(new PatchSetReaderProvider(reader), [0, 1, 3, 4])
                .ToList();

            foreach (var trial in spec.Trials)
            {
                var cluster_ = (await sweep.GetShardResults(trial.TrialId)).SelectMany(s => s.Samples).ToList();
                Assert.Equal([0, 1, 3, 4], cluster_.Select(s => s.SampleIndex));
                foreach (var expected in bench.Where(b => b.Variant.Id == trial.VariantId))
                {
                    var actual = cluster_.Single(s => s.SampleIndex == expected.Patch.Index);
                    Assert.Equal(expected.Saliency.ForwardPasses, actual.ForwardPasses);
                    foreach (var score in expected.Scores)
                    {
                        var a = actual.Scores.Single(x => x.Normalisation == score.Normalisation.Name);
                        Assert.Equal(score.Scores.Distance, a.Distance, 6);
                        Assert.Equal(score.Scores.Energy, a.Energy, 6);
                    }
                }
            }
        }
    }
}
