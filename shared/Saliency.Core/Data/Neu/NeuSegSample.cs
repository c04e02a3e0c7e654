namespace Saliency.Core.Data.Neu;

/// <summary>One NEU-Seg image and its mask file.</summary>
/// <param name="Split">The distributed split (<c>train</c>, <c>val</c>, <c>test</c>).</param>
/// <param name="Stem">File name without extension, e.g. <c>000001</c>.</param>
public sealed record NeuSegSample(string Split, string Stem, string ImagePath, string MaskPath)
{
    /// <summary>The source id stored in patch sets: <c>&lt;split&gt;/&lt;stem&gt;</c>.</summary>
    public string SourceId => $"{Split}/{Stem}";
}
