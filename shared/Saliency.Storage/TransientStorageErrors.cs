using Azure;
using Azure.Storage.Blobs.Models;

namespace Saliency.Storage;

/// <summary>
/// Which storage failures are worth retrying: the service was unreachable, timed out, throttled or answered 5xx, or
/// an upload's staged blocks were lost (the service restarted). Never our own cancellation.
/// </summary>
public static class TransientStorageErrors
{
    public static bool IsTransient(Exception e, CancellationToken ct = default) =>
        !ct.IsCancellationRequested && e switch
        {
            RequestFailedException r => r.Status is 0 or 408 or 429 or >= 500 || r.ErrorCode == BlobErrorCode.InvalidBlockList,
            AggregateException a => a.InnerExceptions.All(i => IsTransient(i, ct)),
            HttpRequestException or IOException or TimeoutException => true,
            OperationCanceledException => true, // an SDK network timeout, not the caller's token (checked above)
            _ => false,
        };
}
