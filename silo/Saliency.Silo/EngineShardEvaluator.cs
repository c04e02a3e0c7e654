using Saliency.Contracts;
using Saliency.Grains.Gpu;

namespace Saliency.Silo;

/// <summary>
/// Placeholder for the TorchSharp benchmark engine (model + patch set cached per silo, one raw map per sample scored
/// under every normalisation). Until the engine is part of the build, shards fail with this message and the sweep
/// reports them; use the <c>synthetic</c> evaluator to exercise a cluster.
/// </summary>
public sealed class EngineShardEvaluator : IShardEvaluator
{
    public IReadOnlyList<SampleResult> Evaluate(ShardWork work, string device, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the benchmark engine is not part of this build; set Saliency:Executor:Evaluator=synthetic to exercise the cluster");
}
