using Saliency.Contracts;
using Saliency.Core.Data;
using Saliency.Core.IO;
using Saliency.Grains.Gpu.Engine;
using Saliency.Silo.Hosting;
using Saliency.Sweeps;
using Saliency.TestFixtures;
using Saliency.Torch.Model;
using Saliency.Torch.Training;
using TorchSharp;

namespace Saliency.Grains.Tests;

/// <summary>
/// Rule-based sample selection (<c>samples: { split, min_confidence, classes }</c>) resolved on the silo. The model
/// is hand-made so that its prediction is known without running it: fc weights are zero, so every patch gets the
/// logits fc.bias = [0, 1, 0.5], i.e. class 1 with probability e / (1 + e + e^0.5) = 0.506 (worked out below).
/// </summary>
public class RuleSampleSelectionTests
{
    private const int Size = 32;

    // Labels of the 24 patches: no defect, class 1, class 2 and multiple (255) mixed.
    private static readonly byte[] Labels = [0, 1, 2, 255, 1, 1, 2, 0, 1, 2, 2, 1, 0, 1, 255, 2, 1, 1, 2, 0, 2, 1, 1, 2];

    private static readonly float[] Bias = [0f, 1f, 0.5f];

    private static string WritePatchSet(string path)
    {
        var patches = Labels.Select((label, n) =>
        {
            var pixels = Enumerable.Range(0, Size * Size).Select(i => (byte)((i * 7 + n * 13) % 256)).ToArray();
            var mask = new byte[Size * Size];
            if (label != 0)
            {
                Array.Fill(mask, label == 255 ? (byte)1 : label, 0, 64);
                if (label == 255)
                {
                    Array.Fill(mask, (byte)2, 64, 64);
                }
            }

            return new PatchRecord(pixels, mask, label, new PatchProvenance($"img{n / 2}.jpg", n % 2, n / 2));
        }).ToList();
        PatchSetWriter.Write(path, new PatchSetDescription("rule", ["one", "two"], Size, Size, new Dictionary<string, string>()), patches);
        return path;
    }

    private static string WriteModel(string path, string data)
    {
        torch.manual_seed(3);
        var norm = new InputNormalisation([0.5f, 0.5f, 0.5f], [0.25f, 0.25f, 0.25f]);
        using var classifier = new Classifier(new ResNet18(3), norm, ["none", "one", "two"]);
        using (torch.no_grad())
        {
            var parameters = classifier.Network.named_parameters().ToDictionary(p => p.name, p => p.parameter);
            parameters["fc.weight"].zero_();
            parameters["fc.bias"].copy_(torch.tensor(Bias));
        }

        ModelStore.Save(path, classifier, new ModelMetadata
        {
            ClassIds = [0, 1, 2],
            ClassNames = ["none", "one", "two"],
            NormalisationMean = norm.Mean,
            NormalisationStd = norm.Std,
            PatchSize = Size,
            Training = new TrainingInfo
            {
                PatchSet = data,
                PatchSetSha256 = FileDigest.Sha256(data),
                Seed = 5,
                ValidationFraction = 0.5,
                Epochs = 0,
                BatchSize = 1,
                LearningRate = 0,
                TrainedStages = [],
                TrainCount = 0,
                ValidationCount = 0,
                ValidationAccuracy = 0,
                TrainingSeconds = 0,
                Device = "cpu",
                CreatedUtc = DateTime.UnixEpoch,
            },
        });
        return path;
    }

    [Fact]
    public void Rules_resolve_to_the_defect_patches_of_the_split_and_classes_that_pass_the_confidence_check()
    {
        using var dir = new TempDir();
        var data = WritePatchSet(dir.File("rule.patches"));
        var modelPath = WriteModel(dir.File("model.safetensors"), data);
        var source = new EngineSampleSource();
        IReadOnlyList<int> Resolve(string split, double? confidence, params string[] classes) =>
            source.Resolve(data, modelPath, new SampleSelectionSpec(null, classes, 0, split, confidence), "cpu");

        // The predicted class (1) and its probability, by hand from the logits [0, 1, 0.5].
        var p1 = Math.E / (1 + Math.E + Math.Exp(0.5));
        Assert.InRange(p1, 0.50, 0.51);

        var defects = Enumerable.Range(0, Labels.Length).Where(i => Labels[i] is 1 or 2).ToList();
        var validation = HoldoutSplit.Create(PatchSet.Load(data), 0.5, 5).Validation;
        Assert.NotEmpty(validation);
        Assert.NotEqual(Labels.Length, validation.Length);

        Assert.Equal(defects, Resolve(SampleSplits.All, null));
        Assert.Equal(defects.Where(i => Labels[i] == 2), Resolve(SampleSplits.All, null, "2"));
        Assert.Equal(defects.Where(validation.Contains), Resolve(SampleSplits.Validation, null));

        // Correctly classified = label 1 (the only class the model predicts), above the threshold only when p1 >= it.
        var correct = defects.Where(i => validation.Contains(i) && Labels[i] == 1).ToList();
        Assert.NotEmpty(correct);
        Assert.Equal(correct, Resolve(SampleSplits.Validation, 0.5));
        Assert.Equal(correct, Resolve(SampleSplits.Validation, p1 - 1e-4));
        Assert.Empty(Resolve(SampleSplits.Validation, p1 + 1e-4));
        Assert.Empty(Resolve(SampleSplits.Validation, 0.5, "2"));
        Assert.Equal(defects.Where(i => Labels[i] == 1), Resolve(SampleSplits.All, 0.0));
    }

    [Fact]
    public void A_validation_rule_refuses_a_model_trained_on_another_patch_set_naming_the_file()
    {
        using var dir = new TempDir();
        var data = WritePatchSet(dir.File("rule.patches"));
        var trainedOn = WritePatchSet(dir.File("other.patches"));
        File.AppendAllText(trainedOn, " ");
        var modelPath = WriteModel(dir.File("model.safetensors"), trainedOn);
        var e = Assert.Throws<Core.InputException>(() => new EngineSampleSource().Resolve(
            data, modelPath, new SampleSelectionSpec(null, [], 0, SampleSplits.Validation, 0.9), "cpu"));
        Assert.Equal(data, e.File);
        Assert.Equal("samples.split", e.Field);
        Assert.Contains("other.patches", e.Message);
    }

    [Fact]
    public async Task A_sweep_with_a_rule_explains_exactly_the_resolved_samples_up_to_its_limit()
    {
        using var dir = new TempDir();
        var data = WritePatchSet(dir.File("rule.patches"));
        var model = WriteModel(dir.File("model.safetensors"), data);
        var spec = SweepFile.Parse($$"""
            name: rule
            data: {{data}}
            model: {{model}}
            samples: { split: validation, min_confidence: 0.5, limit: 3 }
            normalisations: [All-100]
            shard_size: 2
            methods:
              - method: VanillaGrad
            """, "rule.yaml", dir.Path);
        Assert.Equal(SampleSplits.Validation, spec.Samples.Split);
        Assert.Equal(0.5, spec.Samples.MinConfidence);

        var validation = HoldoutSplit.Create(PatchSet.Load(data), 0.5, 5).Validation;
        var expected = validation.Where(i => Labels[i] == 1).Order().Take(3).ToList();
        await using var cluster = await EmbeddedCluster.StartAsync(o =>
            {
                o.Executor.Evaluator = "engine";
                o.Results.Directory = dir.File("results");
            });
        var sweep = cluster.Client.GetGrain<ISweepGrain>(spec.SweepId);
        await sweep.Submit(spec);
        var status = await SweepSpecs.WaitFinished(sweep, TimeSpan.FromSeconds(120));
        Assert.True(status.State == SweepState.Completed, status.Message + string.Join(";", status.FailedShards.Select(f => f.Error)));
        Assert.Equal(expected.Count, status.SamplesTotal);
        var explained = (await sweep.GetShardResults(spec.Trials[0].TrialId)).SelectMany(s => s.Samples).Select(s => s.SampleIndex);
        Assert.Equal(expected, explained);
    }
}
