using Saliency.Storage;

namespace Saliency.Grains.Storage;

/// <summary>
/// Bounded retries of a results-storage operation over an outage: up to <see cref="Attempts"/> tries, waiting
/// <see cref="FirstDelay"/>, then twice as long each time up to <see cref="MaxDelay"/>. Only transient failures
/// (<see cref="TransientStorageErrors"/>) are retried; when the attempts run out the operation throws
/// <see cref="ResultStoreUnavailableException"/>. Each try has the object store's own retries inside (for Azure:
/// about 20 s of SDK retries per request), so the default rides out an outage of a few minutes.
/// </summary>
public sealed record StorageRetryPolicy(int Attempts, TimeSpan FirstDelay, TimeSpan MaxDelay)
{
    public static StorageRetryPolicy Default { get; } = new(8, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(15));

    public async Task<T> RunAsync<T>(string what, Func<CancellationToken, Task<T>> operation, CancellationToken ct)
    {
        var delay = FirstDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await operation(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (TransientStorageErrors.IsTransient(e, ct))
            {
                if (attempt >= Attempts)
                {
                    throw new ResultStoreUnavailableException($"results storage unavailable ({what}, {attempt} attempts): {e.Message}", e);
                }
            }

            await Task.Delay(delay, ct).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, delay.Ticks * 2));
        }
    }
}
