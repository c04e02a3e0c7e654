namespace Saliency.Torch.Model;

/// <summary>
/// A classifier loaded by <see cref="ModelStore.Load"/> and what is known about it. <see cref="Metadata"/> is the
/// checkpoint's own for the project's format; for a bare state dict it is synthesised (class ids 0..K-1, names
/// "0".."K-1", the normalisation in use, <see cref="ModelMetadata.Training"/> null) and
/// <see cref="IsProjectCheckpoint"/> is false. Disposing it disposes the classifier.
/// </summary>
public sealed record LoadedModel(Classifier Classifier, ModelMetadata Metadata, bool IsProjectCheckpoint, string Path) : IDisposable
{
    public void Dispose() => Classifier.Dispose();
}
