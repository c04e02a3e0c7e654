using Saliency.Torch.Model;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Saliency.Torch.Training;

/// <summary>
/// Re-estimates the running statistics of the trained stages' BatchNorm layers as exact averages over the training
/// patches with the current weights ("precise BN"). During training the running statistics are an exponential
/// average over batches seen with older weights; with fast-changing weights (training from scratch) they lag, and
/// eval-mode predictions then differ badly from training-mode ones. Frozen stages are untouched.
/// </summary>
public static class BatchNormRecalibration
{
    /// <summary>Recomputes the statistics with one no-grad pass over <paramref name="indices"/> (no augmentation).</summary>
    public static void Run(Classifier classifier, IReadOnlyList<string> trainedStages, LabelledPatches patches, IReadOnlyList<int> indices, int batchSize)
    {
        var network = classifier.Network;
        var layers = network.named_modules()
            .Where(m => m.module is BatchNorm2d && trainedStages.Contains(m.name.Split('.')[0]))
            .Select(m => (BatchNorm2d)m.module)
            .ToList();
        if (layers.Count == 0 || indices.Count == 0)
        {
            return;
        }

        var momenta = layers.Select(l => l.momentum).ToList();
        try
        {
            TrainedStages.TrainMode(network, trainedStages);
            foreach (var layer in layers)
            {
                layer.reset_running_stats();
                layer.momentum = null; // cumulative average over all batches
            }

            using var noGrad = no_grad();
            for (int start = 0; start < indices.Count; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var batch = indices.Skip(start).Take(batchSize).ToList();
                classifier.Forward(PatchTensors.Batch(patches, batch, classifier.Device));
            }
        }
        finally
        {
            for (int i = 0; i < layers.Count; i++)
            {
                layers[i].momentum = momenta[i];
            }

            network.eval();
        }
    }
}
