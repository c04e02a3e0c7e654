using Saliency.Core.Data.Samples;
using Saliency.Torch.Model;

namespace Saliency.Torch.Training;

/// <summary>
/// The paper's sample selection: among candidate patches, keep those with a defect (label != 0 and not "multiple")
/// that the model classifies correctly (arg-max logit is the label's logit) with softmax probability >= the
/// threshold. A label the model has no output for cannot be classified correctly and is never selected.
/// </summary>
public static class SampleSelector
{
    /// <summary>Returns the selected candidates in the order given, with their confidence.</summary>
    /// <param name="classIds">Patch-set label of each logit (the checkpoint's <see cref="ModelMetadata.ClassIds"/>).</param>
    /// <param name="candidates">Indices into <paramref name="patches"/> (e.g. the validation split).</param>
    /// <param name="provenance">Source id and patch-within-source index of a patch index.</param>
    public static IReadOnlyList<SelectedSample> Select(
        Classifier classifier,
        IReadOnlyList<int> classIds,
        LabelledPatches patches,
        IReadOnlyList<int> candidates,
        double minConfidence,
        Func<int, (string SourceId, int PatchIndex)> provenance,
        int batchSize = 32)
    {
        if (double.IsNaN(minConfidence) || minConfidence is < 0 or > 1)
        {
            throw new Core.InputException($"minimum confidence must be in [0, 1], got {minConfidence}", field: "--min-confidence");
        }

        if (classIds.Count != classifier.NumClasses)
        {
            throw new ArgumentException($"{classIds.Count} class ids for {classifier.NumClasses} outputs", nameof(classIds));
        }

        var defects = candidates.Where(i => IsDefect(patches.Labels[i])).ToList();
        var logits = PatchPredictor.Logits(classifier, patches, defects, batchSize);
        var selected = new List<SelectedSample>();
        for (int n = 0; n < defects.Count; n++)
        {
            int index = defects[n];
            int label = patches.Labels[index];
            int logit = IndexOf(classIds, label);
            if (logit < 0 || PatchPredictor.ArgMax(logits[n]) != logit)
            {
                continue;
            }

            double confidence = PatchPredictor.Softmax(logits[n])[logit];
            if (confidence >= minConfidence)
            {
                var (sourceId, patchIndex) = provenance(index);
                selected.Add(new SelectedSample(index, sourceId, patchIndex, label, confidence));
            }
        }

        return selected;
    }

    /// <summary>True for single defect-class labels (1..254).</summary>
    public static bool IsDefect(byte label) => label is not 0 and not 255;

    private static int IndexOf(IReadOnlyList<int> list, int value)
    {
        for (int i = 0; i < list.Count; i++)
        {
            if (list[i] == value)
            {
                return i;
            }
        }

        return -1;
    }
}
