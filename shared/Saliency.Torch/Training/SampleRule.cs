using Saliency.Core;
using Saliency.Core.Data;
using Saliency.Core.IO;
using Saliency.Torch.Model;

namespace Saliency.Torch.Training;

/// <summary>
/// A rule-based sample selection resolved against a patch set and a model (the sweep file's
/// <c>samples: { split, min_confidence, classes }</c>): candidates are every patch or the validation split the model
/// records; of those, single-class defect patches (of the given classes, all when none are given); with a minimum
/// confidence, only those <see cref="SampleSelector"/> keeps. With the validation split and 0.9 this is exactly the
/// set <c>saliency select</c> writes.
/// </summary>
public static class SampleRule
{
    /// <summary>Patch indices in ascending order.</summary>
    /// <param name="model">Needed for the validation split and the confidence check; may be null otherwise.</param>
    /// <param name="validationOnly">Take candidates from the validation split recorded in <paramref name="model"/>.</param>
    /// <param name="classes">Patch-set labels to keep (1..K); empty keeps every defect class.</param>
    /// <param name="minConfidence">Null: no model check; else the model must classify the patch correctly with at least this probability.</param>
    public static IReadOnlyList<int> Resolve(
        LoadedModel? model, PatchSet patchSet, string dataPath, bool validationOnly, IReadOnlyCollection<int> classes, double? minConfidence)
    {
        if (model is null && (validationOnly || minConfidence is not null))
        {
            throw new ArgumentNullException(nameof(model), "the validation split and the confidence check need the model");
        }

        var candidates = validationOnly ? ValidationSplit(model!, patchSet, dataPath) : Enumerable.Range(0, patchSet.Count).ToList();
        var labels = patchSet.Labels();
        var defects = candidates
            .Where(i => SampleSelector.IsDefect(labels[i]) && (classes.Count == 0 || classes.Contains(labels[i])))
            .Order()
            .ToList();
        if (minConfidence is not { } threshold)
        {
            return defects;
        }

        return SampleSelector.Select(
                model!.Classifier, model.Metadata.ClassIds, PatchSetPatches.From(patchSet), defects, threshold,
                i => (patchSet.Provenance(i).SourceId, patchSet.Provenance(i).PatchIndex))
            .Select(s => s.Index)
            .ToList();
    }

    /// <summary>
    /// The validation patches of the split <c>saliency train</c> recorded in the model; refuses a model without a
    /// recorded split and a patch set other than the one it was trained on (its validation patches would not be
    /// held out).
    /// </summary>
    public static IReadOnlyList<int> ValidationSplit(LoadedModel model, PatchSet patchSet, string dataPath)
    {
        var training = model.Metadata.Training
            ?? throw new InputException("the model records no training split (a bare state dict?); use split: all or a samples file", model.Path, field: "samples.split");
        if (FileDigest.Sha256(dataPath) != training.PatchSetSha256)
        {
            throw new InputException(
                $"the patch set differs from the one the model was trained on ({training.PatchSet}); its validation split is undefined here",
                dataPath, field: "samples.split");
        }

        return HoldoutSplit.Create(patchSet, training.ValidationFraction, training.Seed).Validation;
    }
}
