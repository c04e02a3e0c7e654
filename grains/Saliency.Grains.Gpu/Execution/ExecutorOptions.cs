namespace Saliency.Grains.Gpu.Execution;

/// <summary>The silo's compute device (configuration section <c>Saliency:Executor</c>).</summary>
public sealed class ExecutorOptions
{
    public const string Section = "Saliency:Executor";

    /// <summary>Device the executor runs on: <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</summary>
    public string Device { get; set; } = "cpu";

    /// <summary>Jobs that may wait in the queue; further callers wait (backpressure).</summary>
    public int QueueCapacity { get; set; } = 64;

    /// <summary>Intra-op threads for CPU tensor work (0 = leave the library default).</summary>
    public int TorchThreads { get; set; }
}
