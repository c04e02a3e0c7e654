using System.Buffers.Binary;

namespace Saliency.Core.Data;

/// <summary>
/// Writes a patch-set file (<see cref="PatchSetFormat"/>) one patch at a time, so data sets larger than memory can
/// be written. Pixels and masks are staged in two temporary files beside the output and joined behind the header by
/// <see cref="Complete"/> into a third one, which is then renamed over the output: the output path only ever holds a
/// whole patch set (the previous one stays until the new one is complete). Disposing without completing deletes
/// the temporary files and leaves the output path as it was.
/// </summary>
public sealed class PatchSetWriter : IDisposable
{
    private readonly string path;
    private readonly PatchSetDescription description;
    private readonly string pixelTemp;
    private readonly string maskTemp;
    private readonly FileStream pixelStream;
    private readonly FileStream maskStream;
    private readonly List<byte[]> records = [];
    private readonly List<string> sources = [];
    private readonly Dictionary<string, int> sourceIndex = new(StringComparer.Ordinal);
    private bool completed;

    public PatchSetWriter(string path, PatchSetDescription description)
    {
        if (description.PatchWidth <= 0 || description.PatchHeight <= 0)
        {
            throw new ArgumentException("patch size must be positive", nameof(description));
        }

        if (description.ClassCount is 0 or >= PatchLabels.Multiple)
        {
            throw new ArgumentException("need 1..254 class names", nameof(description));
        }

        this.path = Path.GetFullPath(path);
        this.description = description;
        var dir = Path.GetDirectoryName(this.path);
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }

        pixelTemp = this.path + ".pixels.tmp";
        maskTemp = this.path + ".masks.tmp";
        pixelStream = new FileStream(pixelTemp, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 20);
        maskStream = new FileStream(maskTemp, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 20);
    }

    /// <summary>Patches added so far.</summary>
    public int Count => records.Count;

    /// <summary>Appends one patch. Pixels and mask are row-major <c>PatchHeight x PatchWidth</c> bytes; mask values
    /// and the label must be valid for the description's classes.</summary>
    public void Add(ReadOnlySpan<byte> pixels, ReadOnlySpan<byte> mask, byte label, PatchProvenance provenance)
    {
        ObjectDisposedException.ThrowIf(completed, this);
        int size = description.PixelsPerPatch;
        if (pixels.Length != size || mask.Length != size)
        {
            throw new ArgumentException($"patch needs {size} pixels and mask values, got {pixels.Length} and {mask.Length}");
        }

        if (!description.IsValidLabel(label))
        {
            throw new ArgumentOutOfRangeException(nameof(label), $"label {label} is not 0..{description.ClassCount} or {PatchLabels.Multiple}");
        }

        foreach (byte v in mask)
        {
            if (v > description.ClassCount)
            {
                throw new ArgumentOutOfRangeException(nameof(mask), $"mask value {v} is not a class 0..{description.ClassCount}");
            }
        }

        if (!sourceIndex.TryGetValue(provenance.SourceId, out int source))
        {
            source = sources.Count;
            sources.Add(provenance.SourceId);
            sourceIndex.Add(provenance.SourceId, source);
        }

        var record = new byte[PatchSetFormat.RecordLength];
        record[0] = label;
        BinaryPrimitives.WriteInt32LittleEndian(record.AsSpan(4), source);
        BinaryPrimitives.WriteInt32LittleEndian(record.AsSpan(8), provenance.PatchIndex);
        BinaryPrimitives.WriteInt32LittleEndian(record.AsSpan(12), provenance.Group);
        records.Add(record);
        pixelStream.Write(pixels);
        maskStream.Write(mask);
    }

    /// <summary>Appends a patch record.</summary>
    public void Add(PatchRecord patch) => Add(patch.Pixels, patch.Mask, patch.Label, patch.Provenance);

    /// <summary>Writes the final file and removes the temporary ones; returns the header written.</summary>
    public PatchSetHeader Complete()
    {
        ObjectDisposedException.ThrowIf(completed, this);
        completed = true;
        var header = PatchSetHeaderJson.Serialize(description, records.Count, sources);
        var layout = PatchSetFormat.Layout(header.Length, records.Count, description.PixelsPerPatch);
        var staged = path + ".tmp";
        try
        {
            using (var file = new FileStream(staged, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
            {
                var prefix = new byte[PatchSetFormat.PrefixLength];
                PatchSetFormat.Magic.CopyTo(prefix);
                BinaryPrimitives.WriteUInt32LittleEndian(prefix.AsSpan(8), PatchSetFormat.Version);
                BinaryPrimitives.WriteUInt32LittleEndian(prefix.AsSpan(12), (uint)header.Length);
                file.Write(prefix);
                file.Write(header);
                PadTo(file, layout.Records);
                foreach (var record in records)
                {
                    file.Write(record);
                }

                PadTo(file, layout.Pixels);
                pixelStream.Position = 0;
                pixelStream.CopyTo(file);
                PadTo(file, layout.Masks);
                maskStream.Position = 0;
                maskStream.CopyTo(file);
                file.Flush(flushToDisk: true);
            }

            File.Move(staged, path, overwrite: true);
        }
        finally
        {
            DeleteTemporaries();
            File.Delete(staged);
        }

        return new PatchSetHeader(description, records.Count, PatchSetFormat.Version, [.. sources]);
    }

    /// <summary>Writes a whole in-memory patch set to <paramref name="path"/>.</summary>
    public static PatchSetHeader Write(string path, PatchSetDescription description, IEnumerable<PatchRecord> patches)
    {
        using var writer = new PatchSetWriter(path, description);
        foreach (var patch in patches)
        {
            writer.Add(patch);
        }

        return writer.Complete();
    }

    public void Dispose()
    {
        if (!completed)
        {
            completed = true;
            DeleteTemporaries();
        }
    }

    private void DeleteTemporaries()
    {
        pixelStream.Dispose();
        maskStream.Dispose();
        File.Delete(pixelTemp);
        File.Delete(maskTemp);
    }

    private static void PadTo(FileStream file, long offset)
    {
        if (file.Position < offset)
        {
            file.Write(new byte[offset - file.Position]);
        }
    }
}
