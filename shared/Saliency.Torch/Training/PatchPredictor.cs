using Saliency.Torch.Model;
using static TorchSharp.torch;

namespace Saliency.Torch.Training;

/// <summary>Eval-mode logits of a classifier for chosen patches, computed in batches without gradients.</summary>
public static class PatchPredictor
{
    /// <summary>Logits (one row of <see cref="Classifier.NumClasses"/> per index, in the order of <paramref name="indices"/>).</summary>
    public static float[][] Logits(Classifier classifier, LabelledPatches patches, IReadOnlyList<int> indices, int batchSize = 32)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        classifier.Network.eval();
        var rows = new float[indices.Count][];
        using var noGrad = no_grad();
        for (int start = 0; start < indices.Count; start += batchSize)
        {
            using var scope = NewDisposeScope();
            var batch = indices.Skip(start).Take(batchSize).ToList();
            var logits = classifier.Forward(PatchTensors.Batch(patches, batch, classifier.Device)).cpu().data<float>().ToArray();
            int k = classifier.NumClasses;
            for (int n = 0; n < batch.Count; n++)
            {
                rows[start + n] = logits[(n * k)..((n + 1) * k)];
            }
        }

        return rows;
    }

    /// <summary>Softmax of one logit row in double precision (max-shifted, so large logits do not overflow).</summary>
    public static double[] Softmax(IReadOnlyList<float> logits)
    {
        double max = logits.Max();
        var exp = logits.Select(l => Math.Exp(l - max)).ToArray();
        double sum = exp.Sum();
        return [.. exp.Select(e => e / sum)];
    }

    /// <summary>Index of the largest logit (the first on ties).</summary>
    public static int ArgMax(IReadOnlyList<float> logits)
    {
        int best = 0;
        for (int i = 1; i < logits.Count; i++)
        {
            if (logits[i] > logits[best])
            {
                best = i;
            }
        }

        return best;
    }
}
