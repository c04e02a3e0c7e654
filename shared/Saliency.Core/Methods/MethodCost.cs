namespace Saliency.Core.Methods;

/// <summary>
/// The network passes one explanation makes when its target class is given (the benchmark engine and the work
/// grains always give it): how many forward and backward passes, and how many inputs they carry in all (a pass over
/// a batch of N carries N). The method matrix test checks these predictions against the passes each method really
/// counts, so they are exact, not estimates.
/// </summary>
public sealed record MethodCost(int ForwardPasses, long ForwardInputs, int BackwardPasses, long BackwardInputs)
{
    /// <summary>A backward of one input costs about two forwards.</summary>
    public const double BackwardPerForward = 2;

    /// <summary>One forward and one backward of a single input.</summary>
    public static MethodCost OneGradient { get; } = new(1, 1, 1, 1);

    /// <summary>
    /// Work in single-input forward-pass units (<c>forward inputs + 2 x backward inputs</c>): what the scheduler
    /// orders shards by and the pool simulation turns into service time.
    /// </summary>
    public double ForwardEquivalents => ForwardInputs + (BackwardPerForward * BackwardInputs);

    /// <summary>This cost plus <paramref name="forwards"/> forward passes of one input each (e.g. the prediction pass).</summary>
    public MethodCost PlusForwards(int forwards) => this with { ForwardPasses = ForwardPasses + forwards, ForwardInputs = ForwardInputs + forwards };
}
