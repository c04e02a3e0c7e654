using Saliency.Core.IO;
namespace Saliency.Storage;

/// <summary>
/// <see cref="IObjectStore"/> on a folder: key <c>a/b.json</c> is the file <c>ROOT/a/b.json</c>. A put writes a
/// unique temporary file (<c>.tmp-*</c>) in the target folder and renames it over the final name (atomic on POSIX
/// file systems); listings skip temporary files.
/// </summary>
public sealed class LocalDirectoryObjectStore(string root) : IObjectStore
{
    public string Root { get; } = Path.GetFullPath(root);

    public string Description => $"directory {Root}";

    public Task PutAsync(string key, Stream content, CancellationToken ct = default) =>
        AtomicFile.WriteAsync(PathOf(key), file => content.CopyToAsync(file, ct), ct);

    public async Task<bool> TryDownloadAsync(string key, Stream destination, CancellationToken ct = default)
    {
        FileStream file;
        try
        {
            file = new FileStream(PathOf(key), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 81920, FileOptions.Asynchronous);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }

        await using (file)
        {
            await file.CopyToAsync(destination, ct).ConfigureAwait(false);
        }

        return true;
    }

    public Task<IReadOnlyList<StoredObject>> ListAsync(string prefix, CancellationToken ct = default)
    {
        ObjectKey.CheckPrefix(prefix);
        IReadOnlyList<StoredObject> found = Directory.Exists(Root)
            ? [.. Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
                .Select(f => (File: f, Key: Path.GetRelativePath(Root, f).Replace(Path.DirectorySeparatorChar, '/')))
                .Where(x => ObjectKey.IsValid(x.Key) && x.Key.StartsWith(prefix, StringComparison.Ordinal))
                .Select(x => new StoredObject(x.Key, new FileInfo(x.File).Length))
                .OrderBy(o => o.Key, StringComparer.Ordinal)]
            : [];
        return Task.FromResult(found);
    }

    public Task<bool> DeleteAsync(string key, CancellationToken ct = default)
    {
        var path = PathOf(key);
        if (!File.Exists(path))
        {
            return Task.FromResult(false);
        }

        File.Delete(path);
        return Task.FromResult(true);
    }

    private string PathOf(string key) => Path.Combine(Root, ObjectKey.Check(key).Replace('/', Path.DirectorySeparatorChar));
}
