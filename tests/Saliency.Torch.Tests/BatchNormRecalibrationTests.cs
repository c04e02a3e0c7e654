using Saliency.Torch.Model;
using Saliency.Torch.Training;
using TorchSharp;

namespace Saliency.Torch.Tests;

public class BatchNormRecalibrationTests
{
    [Fact]
    public void Running_statistics_become_the_average_of_batch_statistics_and_frozen_ones_stay()
    {
        var patches = TinyPatches.Make(12, 64, [0, 1, 2], seed: 8);
        var indices = Enumerable.Range(0, 12).ToArray();
        torch.manual_seed(4);
        using var classifier = new Classifier(new ResNet18(3), InputNormalisation.Identity, ["a", "b", "c"]);
        var state = classifier.Network.state_dict();
        var frozenBefore = state["layer3.1.bn2.running_mean"].data<float>().ToArray();

        BatchNormRecalibration.Run(classifier, ["layer4", "fc"], patches, indices, batchSize: 4);

        // Independent: layer4.0.downsample = 1x1 stride-2 conv of layer3's output (layer3 frozen, eval mode), then
        // the BN input's per-channel batch mean and unbiased variance, averaged over the three batches of 4.
        var weight = state["layer4.0.downsample.0.weight"];
        var means = new List<float[]>();
        var variances = new List<float[]>();
        using (torch.no_grad())
        {
            for (int start = 0; start < 12; start += 4)
            {
                using var input = PatchTensors.Batch(patches, indices[start..(start + 4)], torch.CPU);
                var (_, layer3) = classifier.ForwardCapturing(input, "layer3");
                using var conv = torch.nn.functional.conv2d(layer3!, weight, strides: [2, 2]);
                using var perChannel = conv.transpose(0, 1).flatten(1).to(torch.float64);
                means.Add(perChannel.mean([1]).to(torch.float32).data<float>().ToArray());
                variances.Add(perChannel.var(1, unbiased: true).to(torch.float32).data<float>().ToArray());
            }
        }

        var runningMean = state["layer4.0.downsample.1.running_mean"].data<float>().ToArray();
        var runningVar = state["layer4.0.downsample.1.running_var"].data<float>().ToArray();
        for (int c = 0; c < runningMean.Length; c++)
        {
            double mean = means.Average(m => m[c]);
            double variance = variances.Average(v => v[c]);
            Assert.True(Math.Abs(runningMean[c] - mean) <= 1e-4 * (1 + Math.Abs(mean)), $"mean {c}: {runningMean[c]} vs {mean}");
            Assert.True(Math.Abs(runningVar[c] - variance) <= 1e-4 * (1 + variance), $"var {c}: {runningVar[c]} vs {variance}");
        }

        Assert.Equal(frozenBefore, state["layer3.1.bn2.running_mean"].data<float>().ToArray());
        Assert.False(classifier.Network.training);
        var bn = classifier.Network.named_modules().Select(m => m.module).OfType<TorchSharp.Modules.BatchNorm2d>().First();
        Assert.Equal(0.1, bn.momentum);
    }
}
