namespace Saliency.Core.IO;

/// <summary>
/// Writes a file so that readers see either the old content or the complete new one: the bytes go to a unique
/// temporary file (<c>.tmp-*</c>, which listings ignore) in the same folder, which is then renamed over the final
/// name (atomic on POSIX file systems). Concurrent writers of one path leave one complete copy.
/// </summary>
public static class AtomicFile
{
    public const string TemporaryPrefix = ".tmp-";

    public static async Task WriteAsync(string path, Func<Stream, Task> write, CancellationToken ct = default)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $"{TemporaryPrefix}{Guid.NewGuid():N}");
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                await write(stream).ConfigureAwait(false);
                await stream.FlushAsync(ct).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    public static Task WriteAllBytesAsync(string path, ReadOnlyMemory<byte> content, CancellationToken ct = default) =>
        WriteAsync(path, s => s.WriteAsync(content, ct).AsTask(), ct);

    public static void WriteAllText(string path, string content) =>
        WriteAsync(path, s => s.WriteAsync(System.Text.Encoding.UTF8.GetBytes(content)).AsTask()).GetAwaiter().GetResult();
}
