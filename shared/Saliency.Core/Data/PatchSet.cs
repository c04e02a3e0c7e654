namespace Saliency.Core.Data;

/// <summary>
/// Patches in memory: a whole patch-set file or a shard of it (an index range starting at <see cref="Start"/> in the
/// file). Indices passed to the accessors are local (0..<see cref="Count"/>-1). Returned arrays are the stored ones:
/// treat them as read-only.
/// </summary>
public sealed class PatchSet
{
    private readonly IReadOnlyList<PatchRecord> patches;

    public PatchSet(PatchSetHeader header, int start, IReadOnlyList<PatchRecord> patches)
    {
        Header = header;
        Start = start;
        this.patches = patches;
    }

    /// <summary>The file's header (its <see cref="PatchSetHeader.Count"/> is the whole file's count).</summary>
    public PatchSetHeader Header { get; }

    /// <summary>Index in the file of local patch 0.</summary>
    public int Start { get; }

    /// <summary>Patches held.</summary>
    public int Count => patches.Count;

    /// <summary>Reads a whole patch-set file.</summary>
    public static PatchSet Load(string path)
    {
        using var reader = PatchSetReader.Open(path);
        return reader.ReadAll();
    }

    /// <summary>Reads only the header of a patch-set file.</summary>
    public static PatchSetHeader ReadHeader(string path)
    {
        using var reader = PatchSetReader.Open(path);
        return reader.Header;
    }

    /// <summary>Grey pixels, row-major <c>PatchHeight x PatchWidth</c>.</summary>
    public byte[] Pixels(int i) => patches[i].Pixels;

    /// <summary>Per-pixel class ids (0 = background), row-major <c>PatchHeight x PatchWidth</c>.</summary>
    public byte[] Mask(int i) => patches[i].Mask;

    /// <summary>The <see cref="PatchLabels"/> label.</summary>
    public byte Label(int i) => patches[i].Label;

    public PatchProvenance Provenance(int i) => patches[i].Provenance;

    public PatchRecord Patch(int i) => patches[i];

    /// <summary>All patches in order.</summary>
    public IReadOnlyList<PatchRecord> Patches => patches;

    /// <summary>Labels of all patches in order.</summary>
    public byte[] Labels() => [.. patches.Select(p => p.Label)];

    /// <summary>Group ids of all patches in order (for <see cref="HoldoutSplit"/>).</summary>
    public int[] Groups() => [.. patches.Select(p => p.Provenance.Group)];
}
