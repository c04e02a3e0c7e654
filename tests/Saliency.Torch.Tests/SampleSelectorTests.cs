using Saliency.Core.Data.Samples;
using Saliency.Torch.Model;
using Saliency.Torch.Training;
using TorchSharp;

namespace Saliency.Torch.Tests;

public class SampleSelectorTests
{
    [Fact]
    public void Selects_correct_confident_defects_matching_an_independent_softmax()
    {
        // Model classes 0, 2, 3 (label 1 has no output and can never be right); labels also include 255.
        var patches = TinyPatches.Make(40, 64, [0, 1, 2, 3, 255, 2, 3, 3], seed: 5);
        int[] classIds = [0, 2, 3];
        torch.manual_seed(12);
        using var classifier = new Classifier(new ResNet18(3), InputNormalisation.Identity, ["none", "two", "three"]);
        using (torch.no_grad())
        {
            // Centre and spread the head (bias = -W * mean feature) so that predictions and confidences vary.
            using var inputs = torch.cat(patches.Pixels.Select(p => classifier.ToInput(p, 64, 64)).ToList(), 0);
            var (_, features) = classifier.ForwardCapturing(inputs, "avgpool");
            using var meanFeature = features!.flatten(1).mean([0]);
            var state = classifier.Network.state_dict();
            state["fc.weight"].mul_(50);
            state["fc.bias"].copy_(-state["fc.weight"].matmul(meanFeature));
        }

        var candidates = Enumerable.Range(0, 36).ToArray(); // leave out the last 4
        var all = Select(1e-9);
        var confidences = new List<double>();
        var expectedAll = new List<int>();
        var ambiguous = new HashSet<int>(); // top-2 logits too close for batch-size-dependent float32 rounding
        foreach (int i in candidates)
        {
            using var input = classifier.ToInput(patches.Pixels[i], 64, 64);
            using var noGrad = torch.no_grad();
            var z = classifier.Forward(input).data<float>().ToArray().Select(v => (double)v).ToArray();
            var p = z.Select(v => Math.Exp(v) / z.Sum(Math.Exp)).ToArray();
            int predicted = Array.IndexOf(p, p.Max());
            int label = patches.Labels[i];
            var sorted = z.OrderDescending().ToArray();
            if (sorted[0] - sorted[1] < 1e-3)
            {
                ambiguous.Add(i);
                continue;
            }

            if (label is >= 1 and <= 254 && classIds.Contains(label) && classIds[predicted] == label)
            {
                expectedAll.Add(i);
                confidences.Add(p[predicted]);
            }
        }

        all = [.. all.Where(s => !ambiguous.Contains(s.Index))];
        Assert.True(ambiguous.Count <= 2);
        Assert.Equal(expectedAll, all.Select(s => s.Index));
        Assert.InRange(expectedAll.Count, 3, 20); // the fixture is non-trivial: some right, some wrong
        for (int n = 0; n < all.Count; n++)
        {
            Assert.Equal(confidences[n], all[n].Confidence, 1e-4);
            Assert.Equal(patches.Labels[all[n].Index], all[n].Label);
            Assert.Equal($"src{all[n].Index}", all[n].SourceId);
        }

        // A threshold in the widest gap between the confidences keeps exactly those above it.
        var sortedConfidences = confidences.Order().ToArray();
        int gap = Enumerable.Range(1, sortedConfidences.Length - 1).MaxBy(k => sortedConfidences[k] - sortedConfidences[k - 1]);
        Assert.True(sortedConfidences[gap] - sortedConfidences[gap - 1] > 1e-3);
        double threshold = (sortedConfidences[gap] + sortedConfidences[gap - 1]) / 2;
        var strict = Select(threshold).Where(s => !ambiguous.Contains(s.Index)).ToList();
        Assert.Equal(expectedAll.Where((_, n) => confidences[n] >= threshold), strict.Select(s => s.Index));
        Assert.True(strict.Count < all.Count);

        IReadOnlyList<SelectedSample> Select(double min) =>
            SampleSelector.Select(classifier, classIds, patches, candidates, min, i => ($"src{i}", i % 6), batchSize: 7);
    }

    [Fact]
    public void Selection_file_round_trips_and_bad_files_are_clear_errors()
    {
        using var dir = new Saliency.TestFixtures.TempDir();
        var selection = new SampleSelection
        {
            PatchSet = "a.patches", PatchSetSha256 = "00ff", Model = "m.safetensors", ModelSha256 = "11", MinConfidence = 0.9,
            SplitSeed = 7, ValidationFraction = 0.25, Candidates = 3,
            Samples = [new SelectedSample(4, "x.jpg", 2, 3, 0.95), new SelectedSample(9, "y.jpg", 0, 1, 0.99), new SelectedSample(11, "z.jpg", 5, 3, 0.91)],
        };
        var path = dir.File("samples.json");
        selection.Save(path);
        var loaded = SampleSelection.Load(path);
        Assert.Equal(selection.Samples, loaded.Samples);
        Assert.Equal(selection with { Samples = loaded.Samples }, loaded);
        Assert.Equal([(1, 1), (3, 2)], loaded.CountsByLabel());

        File.WriteAllText(path, "{\"patchSet\": 3");
        var e = Assert.Throws<Saliency.Core.InputException>(() => SampleSelection.Load(path));
        Assert.Contains(path, e.Message);
        File.WriteAllText(path, "{\"patchSet\": \"a\"}");
        Assert.Throws<Saliency.Core.InputException>(() => SampleSelection.Load(path)); // required fields missing
    }
}
