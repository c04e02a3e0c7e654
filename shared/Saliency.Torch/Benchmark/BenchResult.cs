using Saliency.Core.Benchmark;
using Saliency.Core.Methods;
using Saliency.Core.Metrics;
using Saliency.Torch.Methods;

namespace Saliency.Torch.Benchmark;

/// <summary>
/// One (sample, variant) result: the raw map with its cost (<see cref="Saliency"/>; its Target is the class the
/// network predicted for the patch), and the pointing-game scores of that one raw map under every normalisation.
/// </summary>
public sealed record BenchResult(BenchPatch Patch, MethodVariant Variant, SaliencyResult Saliency, IReadOnlyList<NormalizedScores> Scores)
{
    /// <summary>The rows of <c>rows.csv</c> for this result, one per normalisation.</summary>
    public IEnumerable<BenchRow> Rows() => Scores.Select(s => new BenchRow(
        Patch.Index, Patch.SourceId, Patch.PatchIndex, Patch.Label, Variant.Id, Variant.Method, s.Normalization.Name,
        s.Scores.Distance, s.Scores.Energy, Saliency.Seconds, Saliency.FramesPerSecond, Saliency.ForwardPasses, Saliency.BackwardPasses));
}

/// <summary>Progress of a benchmark run: <see cref="Done"/> of <see cref="Total"/> (sample, variant) maps.</summary>
public readonly record struct BenchProgress(int Done, int Total, int Sample, string Variant, double Seconds, bool WarmUp);
