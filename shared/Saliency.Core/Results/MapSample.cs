namespace Saliency.Core.Results;

/// <summary>
/// One <c>maps/&lt;sample&gt;/</c> folder: the patch (<c>image.png</c>), its defect mask (<c>mask.png</c>, nonzero
/// = defect) and one raw H x W float32 map per variant (<c>&lt;variant-id&gt;.npy</c>), keyed by variant id.
/// </summary>
public sealed record MapSample(string Name, string ImagePath, string MaskPath, IReadOnlyDictionary<string, string> VariantMaps);
