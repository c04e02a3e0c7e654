namespace Saliency.Core.Data;

/// <summary>Where a patch came from.</summary>
/// <param name="SourceId">The source image id (Severstal <c>ImageId</c> such as <c>002fc4e19.jpg</c>; NEU
/// <c>&lt;split&gt;/&lt;stem&gt;</c> such as <c>train/000001</c>).</param>
/// <param name="PatchIndex">Index of the patch within its source image (Severstal 0..5 left to right; NEU 0).</param>
/// <param name="Group">Group id for splitting: patches with equal ids go to the same side of a
/// <see cref="HoldoutSplit"/> (Severstal: one group per source image; NEU: one per near-duplicate group).</param>
public readonly record struct PatchProvenance(string SourceId, int PatchIndex, int Group);
