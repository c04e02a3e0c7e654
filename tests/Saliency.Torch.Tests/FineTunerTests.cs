using Saliency.Torch.Model;
using Saliency.Torch.Training;
using TorchSharp;

namespace Saliency.Torch.Tests;

public class FineTunerTests
{
    private static Dictionary<string, float[]> Snapshot(ResNet18 network) =>
        network.state_dict().ToDictionary(e => e.Key, e => e.Value.to(torch.float32).data<float>().ToArray());

    [Fact]
    public void Paper_fine_tuning_reduces_loss_and_leaves_frozen_stages_untouched()
    {
        var patches = TinyPatches.Make(24, 64, [0, 1, 2, 255], seed: 1);
        var all = Enumerable.Range(0, patches.Count).ToArray();
        var classes = FineTuner.ClassesPresent(patches, all);
        Assert.Equal([0, 1, 2], classes);

        using var classifier = new Classifier(FineTuner.NewNetwork(classes.Count, seed: 3, pretrained: null), InputNormalisation.Identity, ["0", "1", "2"]);
        var before = Snapshot(classifier.Network);
        var options = new TrainingOptions { Epochs = 4, BatchSize = 6, LearningRate = 1e-3, Seed = 3 };
        var epochs = new List<EpochStats>();
        var result = FineTuner.Train(classifier, classes, patches, all[..16], all[16..], options, new SyncProgress<EpochStats>(epochs.Add));
        var after = Snapshot(classifier.Network);

        Assert.Equal(4, epochs.Count);
        Assert.Equal(result.Epochs, epochs);
        Assert.True(epochs[^1].TrainLoss < epochs[0].TrainLoss * 0.8, string.Join("\n", epochs));

        // Multiple-class patches (every 4th) are left out: 12 of 16 train, 6 of 8 validation.
        Assert.Equal([4, 4, 4], result.TrainClassCounts);
        Assert.Equal(6, result.ValidationConfusion.Total);
        Assert.Equal([2, 2, 2], result.ValidationClassCounts);

        foreach (var (name, values) in before)
        {
            string stage = name.Split('.')[0];
            bool trained = TrainedStages.Paper.Contains(stage);
            bool changed = !values.SequenceEqual(after[name]);
            if (!trained)
            {
                Assert.False(changed, $"frozen {name} changed");
            }
            else if (!name.EndsWith("num_batches_tracked", StringComparison.Ordinal))
            {
                Assert.True(changed, $"trained {name} did not change");
            }
        }

        Assert.All(classifier.Network.parameters(), p => Assert.True(p.requires_grad));
        Assert.False(classifier.Network.training);
    }

    [Fact]
    public void Same_seed_gives_identical_weights_on_cpu()
    {
        var patches = TinyPatches.Make(8, 64, [0, 1], seed: 2);
        var all = Enumerable.Range(0, patches.Count).ToArray();
        int threads = torch.get_num_threads();
        float[] Run()
        {
            torch.set_num_threads(1);
            using var classifier = new Classifier(FineTuner.NewNetwork(2, seed: 9, pretrained: null), InputNormalisation.Identity, ["0", "1"]);
            FineTuner.Train(classifier, [0, 1], patches, all, [], new TrainingOptions { Epochs = 1, BatchSize = 4, Seed = 9 });
            return Snapshot(classifier.Network)["layer4.1.conv2.weight"];
        }

        try
        {
            Assert.Equal(Run(), Run());
        }
        finally
        {
            torch.set_num_threads(threads);
        }
    }

    [Fact]
    public void Pretrained_weights_load_except_the_head()
    {
        using var dir = new Saliency.TestFixtures.TempDir();
        var path = dir.File("imagenet-like.safetensors");
        var weights = ResNet18Spec.RandomWeights(1000 % 11, 4);
        MiniSafeTensorsWriter.WriteResNet18(path, 1000 % 11, weights);
        using var network = FineTuner.NewNetwork(3, seed: 1, pretrained: path);
        var loaded = Snapshot(network);
        Assert.Equal(weights["layer2.1.conv2.weight"], loaded["layer2.1.conv2.weight"]);
        Assert.Equal(weights["bn1.running_var"], loaded["bn1.running_var"]);
        Assert.Equal(3 * 512, loaded["fc.weight"].Length);
    }

    /// <summary>Progress that reports on the calling thread (Progress&lt;T&gt; posts asynchronously).</summary>
    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
