using System.Buffers;
using System.Text;
using Azure;
using Azure.Core;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Saliency.Storage;

/// <summary>
/// <see cref="IObjectStore"/> on an Azure Blob Storage container (or Azurite): key <c>a/b.json</c> is the block
/// blob <c>PREFIX/a/b.json</c>.
/// <para>Atomic puts: the content is staged as uncommitted blocks and made visible by one Put Block List, so readers
/// and listings see the previous blob (or none) until the commit, then the complete new one.</para>
/// <para>Outages: the SDK retries each request (exponential back-off, <see cref="ClientOptions"/>); a put whose
/// staged blocks were lost (the service restarted) or whose retries ran out is restarted from the first block, up
/// to <see cref="PutAttempts"/> times. Block ids are unique per attempt, so retries never mix blocks.</para>
/// <para>The connection string is used to build the client and never kept, printed or logged.</para>
/// </summary>
public sealed class AzureBlobObjectStore : IObjectStore
{
    /// <summary>Attempts of a whole put (each with its own SDK retries).</summary>
    public const int PutAttempts = 6;

    private readonly BlobContainerClient _container;
    private readonly string _prefix;
    private readonly int _blockSize;
    private readonly SemaphoreSlim _containerCreated = new(1, 1);
    private bool _containerExists;

    /// <param name="container">The container (created on first use when missing).</param>
    /// <param name="prefix">Blob name prefix for every key (empty or a valid key prefix).</param>
    /// <param name="blockSize">Staged block size in bytes (also the granularity of a retried request).</param>
    public AzureBlobObjectStore(BlobContainerClient container, string prefix = "", int blockSize = 4 * 1024 * 1024)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        _container = container;
        _prefix = prefix.Length == 0 ? "" : ObjectKey.CheckPrefix(prefix.TrimEnd('/')).TrimEnd('/') + "/";
        _blockSize = blockSize;
    }

    /// <summary>A store from a connection string (from a secret or the environment; never logged).</summary>
    public static AzureBlobObjectStore Create(string connectionString, string container, string prefix = "", int blockSize = 4 * 1024 * 1024) =>
        new(new BlobContainerClient(connectionString, container, ClientOptions()), prefix, blockSize);

    /// <summary>
    /// A store reached as a Microsoft Entra identity instead of a key: <paramref name="credential"/> (e.g.
    /// DefaultAzureCredential, which on AKS uses workload identity) on the account's blob endpoint
    /// <paramref name="serviceUri"/> (<c>https://ACCOUNT.blob.core.windows.net</c>).
    /// </summary>
    public static AzureBlobObjectStore Create(Uri serviceUri, Azure.Core.TokenCredential credential, string container, string prefix = "", int blockSize = 4 * 1024 * 1024) =>
        new(new BlobContainerClient(new Uri(serviceUri.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/" + container), credential, ClientOptions()), prefix, blockSize);

    /// <summary>SDK options: exponential retries that ride out a restart of the service of up to about a minute.</summary>
    public static BlobClientOptions ClientOptions()
    {
        var options = new BlobClientOptions();
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = 8;
        options.Retry.Delay = TimeSpan.FromMilliseconds(250);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(4);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
        options.Diagnostics.IsLoggingContentEnabled = false;
        return options;
    }

    public string Description => $"azure blob {_container.Uri.GetLeftPart(UriPartial.Path)}/{_prefix}";

    public async Task PutAsync(string key, Stream content, CancellationToken ct = default)
    {
        var blob = _container.GetBlockBlobClient(_prefix + ObjectKey.Check(key));
        var (source, owned) = await Seekable(content, ct).ConfigureAwait(false);
        try
        {
            var start = source.Position;
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await EnsureContainerAsync(ct).ConfigureAwait(false);
                    source.Position = start;
                    await StageAndCommitAsync(blob, source, ct).ConfigureAwait(false);
                    return;
                }
                catch (RequestFailedException e) when (attempt < PutAttempts && e.ErrorCode == BlobErrorCode.ContainerNotFound)
                {
                    // The container went away (deleted, or an emulator restarted empty): create it again.
                    _containerExists = false;
                }
                catch (Exception e) when (attempt < PutAttempts && IsRetriable(e, ct))
                {
                    await Task.Delay(TimeSpan.FromSeconds(Math.Min(8, 1 << (attempt - 1))), ct).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            if (owned)
            {
                await source.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    public async Task<bool> TryDownloadAsync(string key, Stream destination, CancellationToken ct = default)
    {
        var blob = _container.GetBlobClient(_prefix + ObjectKey.Check(key));
        try
        {
            await blob.DownloadToAsync(destination, ct).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<StoredObject>> ListAsync(string prefix, CancellationToken ct = default)
    {
        var found = new List<StoredObject>();
        try
        {
            await foreach (var item in _container.GetBlobsAsync(BlobTraits.None, BlobStates.None, _prefix + ObjectKey.CheckPrefix(prefix), ct).ConfigureAwait(false))
            {
                found.Add(new StoredObject(item.Name[_prefix.Length..], item.Properties.ContentLength ?? 0));
            }
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            return [];
        }

        return [.. found.OrderBy(o => o.Key, StringComparer.Ordinal)];
    }

    public async Task<bool> DeleteAsync(string key, CancellationToken ct = default)
    {
        var response = await _container.GetBlobClient(_prefix + ObjectKey.Check(key))
            .DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: ct).ConfigureAwait(false);
        return response.Value;
    }

    private async Task StageAndCommitAsync(BlockBlobClient blob, Stream source, CancellationToken ct)
    {
        var upload = Guid.NewGuid().ToString("N");
        var blockIds = new List<string>();
        var buffer = ArrayPool<byte>.Shared.Rent(_blockSize);
        try
        {
            int read;
            while ((read = await source.ReadAtLeastAsync(buffer.AsMemory(0, _blockSize), _blockSize, throwOnEndOfStream: false, ct).ConfigureAwait(false)) > 0)
            {
                // Same-length ids within a blob (a service rule): 32 hex chars + 8 digits, base64.
                var id = Convert.ToBase64String(Encoding.ASCII.GetBytes($"{upload}{blockIds.Count:D8}"));
                using var block = new MemoryStream(buffer, 0, read, writable: false);
                await blob.StageBlockAsync(id, block, new BlockBlobStageBlockOptions(), ct).ConfigureAwait(false);
                blockIds.Add(id);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        await blob.CommitBlockListAsync(blockIds, new CommitBlockListOptions(), ct).ConfigureAwait(false);
    }

    private async Task EnsureContainerAsync(CancellationToken ct)
    {
        if (_containerExists)
        {
            return;
        }

        await _containerCreated.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (!_containerExists)
            {
                await _container.CreateIfNotExistsAsync(cancellationToken: ct).ConfigureAwait(false);
                _containerExists = true;
            }
        }
        finally
        {
            _containerCreated.Release();
        }
    }

    /// <summary>Transient failures (after the SDK's own retries) and lost staged blocks; never cancellation.</summary>
    private static bool IsRetriable(Exception e, CancellationToken ct) => TransientStorageErrors.IsTransient(e, ct);

    /// <summary>The content itself when seekable, else a temporary file copy (deleted on dispose).</summary>
    private static async Task<(Stream Source, bool Owned)> Seekable(Stream content, CancellationToken ct)
    {
        if (content.CanSeek)
        {
            return (content, false);
        }

        var temp = new FileStream(Path.Combine(Path.GetTempPath(), $"saliency-put-{Guid.NewGuid():N}"), FileMode.CreateNew,
            FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await content.CopyToAsync(temp, ct).ConfigureAwait(false);
        temp.Position = 0;
        return (temp, true);
    }
}
