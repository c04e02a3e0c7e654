namespace Saliency.Core.Data;

/// <summary>
/// The header of a patch-set file: its description, the number of patches, the format version and the table of
/// distinct source image ids (provenance records refer to it by index). Read alone by
/// <see cref="PatchSetReader.Open"/> without touching the pixel data.
/// </summary>
public sealed record PatchSetHeader(PatchSetDescription Description, int Count, int FormatVersion, IReadOnlyList<string> Sources)
{
    public string Dataset => Description.Dataset;

    public IReadOnlyList<string> ClassNames => Description.ClassNames;

    public int PatchWidth => Description.PatchWidth;

    public int PatchHeight => Description.PatchHeight;

    public IReadOnlyDictionary<string, string> Options => Description.Options;
}
