namespace Saliency.Grains.Gpu.Execution;

/// <summary>The silo's compute device and what computes shards on it (configuration section <c>Saliency:Executor</c>).</summary>
public sealed class ExecutorOptions
{
    public const string Section = "Saliency:Executor";

    /// <summary>Device the executor runs on: <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</summary>
    public string Device { get; set; } = "cpu";

    /// <summary>Jobs that may wait in the queue; further callers wait (backpressure).</summary>
    public int QueueCapacity { get; set; } = 64;

    /// <summary>Intra-op threads for CPU tensor work (0 = leave the library default).</summary>
    public int TorchThreads { get; set; }

    /// <summary><c>engine</c> (the benchmark engine: real maps) or <c>synthetic</c> (deterministic stand-in results for tests and pool simulations).</summary>
    public string Evaluator { get; set; } = "engine";

    /// <summary>Synthetic evaluator: seconds each sample takes.</summary>
    public double SyntheticSecondsPerSample { get; set; } = 0.01;

    /// <summary>Synthetic evaluator: every Nth sample evaluation fails (0 = never).</summary>
    public int SyntheticFailEvery { get; set; }
}
