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

    /// <summary>Synthetic evaluator: seconds each sample takes (used when <see cref="SyntheticSecondsPerPass"/> is 0).</summary>
    public double SyntheticSecondsPerSample { get; set; } = 0.01;

    /// <summary>
    /// Synthetic evaluator: modelled seconds of one single-input forward pass; &gt; 0 makes each sample take its
    /// trial's cost from the method catalogue (<c>TrialCost.PerSample</c>, forward equivalents) times this.
    /// </summary>
    public double SyntheticSecondsPerPass { get; set; }

    /// <summary>Synthetic evaluator: real seconds waited per modelled second (e.g. 0.1: ten times faster than modelled).</summary>
    public double SyntheticTimeScale { get; set; } = 1;

    /// <summary>
    /// Pool simulation: the silo offers this many simulated devices to the scheduler, each with its own executor
    /// (0 = off: the one device of <see cref="Device"/>). Only with the synthetic evaluator; see docs/cluster.md.
    /// </summary>
    public int SimulatedDevices { get; set; }

    /// <summary>Synthetic evaluator: every Nth sample evaluation fails (0 = never).</summary>
    public int SyntheticFailEvery { get; set; }
}
