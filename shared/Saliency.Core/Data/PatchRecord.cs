namespace Saliency.Core.Data;

/// <summary>One patch: grey pixels and mask, both row-major <c>PatchHeight x PatchWidth</c> bytes (mask values are
/// class ids, 0 = background), its <see cref="PatchLabels"/> label and where it came from.</summary>
public sealed record PatchRecord(byte[] Pixels, byte[] Mask, byte Label, PatchProvenance Provenance);
