using System.Buffers.Binary;

namespace Saliency.Core.Data;

/// <summary>
/// Reads a patch-set file (<see cref="PatchSetFormat"/>). <see cref="Open"/> reads and validates only the header
/// (magic, version, JSON fields, exact file length); <see cref="ReadRange"/> then reads any index range with one
/// seek per block, so a silo can load its shard without reading the rest.
/// </summary>
public sealed class PatchSetReader : IDisposable
{
    private readonly FileStream stream;
    private readonly string path;
    private readonly (long Records, long Pixels, long Masks, long End) layout;

    private PatchSetReader(FileStream stream, string path, PatchSetHeader header, (long, long, long, long) layout)
    {
        this.stream = stream;
        this.path = path;
        Header = header;
        this.layout = layout;
    }

    public PatchSetHeader Header { get; }

    /// <summary>Number of patches in the file.</summary>
    public int Count => Header.Count;

    /// <summary>Opens a file and validates its header.</summary>
    /// <exception cref="InputException">Missing file, wrong magic, unsupported version, malformed header, or a file
    /// whose length does not match the header (truncated or with trailing bytes).</exception>
    public static PatchSetReader Open(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputException("patch-set file not found", path);
        }

        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        try
        {
            var (header, layout) = ReadHeader(stream, path);
            return new PatchSetReader(stream, path, header, layout);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Reads patches [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>).</summary>
    public PatchSet ReadRange(int start, int count)
    {
        if (start < 0 || count < 0 || (long)start + count > Count)
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"range [{start}, {(long)start + count}) is outside 0..{Count}");
        }

        int size = Header.Description.PixelsPerPatch;
        var recordBytes = new byte[count * PatchSetFormat.RecordLength];
        ReadAt(layout.Records + ((long)start * PatchSetFormat.RecordLength), recordBytes);
        var pixels = ReadPatches(layout.Pixels + ((long)start * size), count, size);
        var masks = ReadPatches(layout.Masks + ((long)start * size), count, size);
        var patches = new PatchRecord[count];
        for (int i = 0; i < count; i++)
        {
            var record = recordBytes.AsSpan(i * PatchSetFormat.RecordLength, PatchSetFormat.RecordLength);
            byte label = record[0];
            int source = BinaryPrimitives.ReadInt32LittleEndian(record[4..]);
            int index = start + i;
            if (!Header.Description.IsValidLabel(label))
            {
                throw new InputException($"patch {index} has invalid label {label}", path, field: "records");
            }

            if (source < 0 || source >= Header.Sources.Count)
            {
                throw new InputException($"patch {index} refers to source {source} of {Header.Sources.Count}", path, field: "records");
            }

            var provenance = new PatchProvenance(
                Header.Sources[source],
                BinaryPrimitives.ReadInt32LittleEndian(record[8..]),
                BinaryPrimitives.ReadInt32LittleEndian(record[12..]));
            patches[i] = new PatchRecord(pixels[i], masks[i], label, provenance);
        }

        return new PatchSet(Header, start, patches);
    }

    /// <summary>Reads every patch.</summary>
    public PatchSet ReadAll() => ReadRange(0, Count);

    public void Dispose() => stream.Dispose();

    private byte[][] ReadPatches(long offset, int count, int size)
    {
        var patches = new byte[count][];
        stream.Position = offset;
        for (int i = 0; i < count; i++)
        {
            patches[i] = new byte[size];
            stream.ReadExactly(patches[i]);
        }

        return patches;
    }

    private void ReadAt(long offset, byte[] buffer)
    {
        stream.Position = offset;
        stream.ReadExactly(buffer);
    }

    private static (PatchSetHeader, (long, long, long, long)) ReadHeader(FileStream stream, string path)
    {
        var prefix = new byte[PatchSetFormat.PrefixLength];
        if (stream.Length < prefix.Length)
        {
            throw new InputException($"not a patch-set file: {stream.Length} bytes is shorter than the {prefix.Length}-byte prefix", path, field: "magic");
        }

        stream.ReadExactly(prefix);
        if (!prefix.AsSpan(0, 8).SequenceEqual(PatchSetFormat.Magic))
        {
            throw new InputException($"not a patch-set file (magic is not '{PatchSetFormat.MagicText}')", path, field: "magic");
        }

        uint version = BinaryPrimitives.ReadUInt32LittleEndian(prefix.AsSpan(8));
        if (version != PatchSetFormat.Version)
        {
            throw new InputException($"unsupported patch-set format version {version} (this reader reads version {PatchSetFormat.Version})", path, field: "version");
        }

        uint headerLength = BinaryPrimitives.ReadUInt32LittleEndian(prefix.AsSpan(12));
        if (headerLength == 0 || headerLength > PatchSetFormat.MaxHeaderLength || PatchSetFormat.PrefixLength + (long)headerLength > stream.Length)
        {
            throw new InputException($"patch-set header length {headerLength} does not fit the file of {stream.Length} bytes", path, field: "header");
        }

        var json = new byte[headerLength];
        stream.ReadExactly(json);
        var header = PatchSetHeaderJson.Deserialize(json, (int)version, path);
        var layout = PatchSetFormat.Layout((int)headerLength, header.Count, header.Description.PixelsPerPatch);
        if (layout.End != stream.Length)
        {
            throw new InputException(
                $"patch-set file is {stream.Length} bytes but its header ({header.Count} patches of {header.PatchWidth}x{header.PatchHeight}) needs {layout.End}: truncated or corrupt",
                path, field: "length");
        }

        return (header, layout);
    }
}
