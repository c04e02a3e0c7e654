using System.Security.Cryptography;
using System.Text.Json;
using Saliency.Core;
using Saliency.Core.IO;

namespace Saliency.Storage;

/// <summary>
/// <c>saliency data push/pull</c>: copies a folder (a data set, a model folder, packed patch shards) to
/// <c>datasets/NAME/files/...</c> and back. Files go first, the manifest last; a pull reads the manifest first,
/// checks each file's SHA-256 and writes into a temporary folder that is renamed into place when complete.
/// </summary>
public static class DatasetTransfer
{
    public const string Root = "datasets";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string ManifestKey(string name) => ObjectKey.Join(Root, name, "manifest.json");

    public static string FileKey(string name, string relativePath) => ObjectKey.Join(Root, name, "files", relativePath);

    /// <summary>Uploads every file under <paramref name="folder"/>; returns the manifest written.</summary>
    public static async Task<DatasetManifest> PushAsync(IObjectStore store, string folder, string name, CancellationToken ct = default)
    {
        ObjectKey.Check(name);
        if (!Directory.Exists(folder))
        {
            throw new InputException("folder does not exist", file: folder);
        }

        var files = new List<DatasetFile>();
        foreach (var path in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(folder, path).Replace(Path.DirectorySeparatorChar, '/');
            if (!ObjectKey.IsValid(relative))
            {
                throw new InputException("file name is not storable (letters, digits, - _ . = only)", file: path);
            }

            await using var stream = File.OpenRead(path);
            var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct).ConfigureAwait(false));
            stream.Position = 0;
            await store.PutAsync(FileKey(name, relative), stream, ct).ConfigureAwait(false);
            files.Add(new DatasetFile(relative, stream.Length, hash));
        }

        var manifest = new DatasetManifest(name, files);
        await store.PutBytesAsync(ManifestKey(name), JsonSerializer.SerializeToUtf8Bytes(manifest, Json), ct).ConfigureAwait(false);
        return manifest;
    }

    /// <summary>Downloads the data set into <paramref name="destination"/> (which must not exist yet).</summary>
    public static async Task<DatasetManifest> PullAsync(IObjectStore store, string name, string destination, CancellationToken ct = default)
    {
        var manifest = await ReadManifestAsync(store, name, ct).ConfigureAwait(false);
        if (Directory.Exists(destination) || File.Exists(destination))
        {
            throw new InputException("destination already exists", file: destination);
        }

        var full = Path.GetFullPath(destination);
        var staging = Path.Combine(Path.GetDirectoryName(full)!, $"{AtomicFile.TemporaryPrefix}{Path.GetFileName(full)}-{Guid.NewGuid():N}");
        try
        {
            foreach (var file in manifest.Files)
            {
                var target = Path.Combine(staging, ObjectKey.Check(file.Path).Replace('/', Path.DirectorySeparatorChar));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                await using (var stream = new FileStream(target, FileMode.CreateNew, FileAccess.ReadWrite))
                {
                    if (!await store.TryDownloadAsync(FileKey(name, file.Path), stream, ct).ConfigureAwait(false))
                    {
                        throw new InputException($"data set '{name}' lists {file.Path} but {store.Description} lacks it", field: "name");
                    }

                    stream.Position = 0;
                    var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct).ConfigureAwait(false));
                    if (hash != file.Sha256 || stream.Length != file.Size)
                    {
                        throw new InputException($"data set '{name}': {file.Path} does not match its manifest (size or SHA-256)", field: "name");
                    }
                }
            }

            Directory.CreateDirectory(staging);
            Directory.Move(staging, full);
            return manifest;
        }
        catch
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }

            throw;
        }
    }

    public static async Task<DatasetManifest> ReadManifestAsync(IObjectStore store, string name, CancellationToken ct = default)
    {
        var bytes = await store.ReadBytesAsync(ManifestKey(ObjectKey.Check(name)), ct).ConfigureAwait(false)
            ?? throw new InputException($"no complete data set '{name}' in {store.Description}", field: "name");
        return JsonSerializer.Deserialize<DatasetManifest>(bytes, Json)
            ?? throw new InputException($"data set '{name}' has an empty manifest", field: "name");
    }
}
