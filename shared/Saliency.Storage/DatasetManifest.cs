namespace Saliency.Storage;

/// <summary>
/// The last object written by <see cref="DatasetTransfer.PushAsync"/> (key <c>datasets/NAME/manifest.json</c>):
/// every file of the data set with its size and SHA-256. A data set without a manifest is incomplete and cannot be
/// pulled, so readers never see half a data set.
/// </summary>
public sealed record DatasetManifest(string Name, IReadOnlyList<DatasetFile> Files);

/// <summary>One file of a data set: path relative to the data set's folder ('/'-separated), size, SHA-256 (hex).</summary>
public sealed record DatasetFile(string Path, long Size, string Sha256);
