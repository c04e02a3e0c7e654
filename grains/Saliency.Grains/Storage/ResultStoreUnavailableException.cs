namespace Saliency.Grains.Storage;

/// <summary>
/// The results storage stayed unreachable through every retry of an operation. Not the shard's fault: the sweep
/// reschedules the shard without using up one of its attempts (like a lost silo).
/// </summary>
[GenerateSerializer]
public sealed class ResultStoreUnavailableException : Exception
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
