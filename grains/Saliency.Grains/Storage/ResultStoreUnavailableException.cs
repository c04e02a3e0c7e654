namespace Saliency.Grains.Storage;

/// <summary>
/// The results storage stayed unreachable through every retry of an operation. A <see cref="TimeoutException"/>, so
/// the sweep treats it as an infrastructure failure, not the shard's fault: it reschedules the shard after a
/// back-off without using up one of its attempts (like a lost silo).
/// </summary>
[GenerateSerializer]
public sealed class ResultStoreUnavailableException : TimeoutException
{
    public ResultStoreUnavailableException()
    {
    }

    public ResultStoreUnavailableException(string message)
        : base(message)
    {
    }

    public ResultStoreUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
