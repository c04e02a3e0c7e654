using System.Globalization;
using Saliency.Core.IO;
using Saliency.Core.Methods;
using Saliency.Core.Metrics;
using Saliency.Core.Results;
using Saliency.Torch.Evaluation;
using Saliency.Torch.Methods;

namespace Saliency.Torch.Benchmark;

/// <summary>
/// One (sample, variant) result: the raw map with its cost (<see cref="Saliency"/>; its Target is the class the
/// network predicted for the patch), and the pointing-game scores of that one raw map under every normalisation.
/// </summary>
public sealed record BenchResult(BenchPatch Patch, MethodVariant Variant, SaliencyResult Saliency, IReadOnlyList<NormalisedScores> Scores)
{
    /// <summary>The model metrics computed on this map (empty unless the engine was given some).</summary>
    public IReadOnlyList<MetricResult> Metrics { get; init; } = [];

    /// <summary>The rows of <c>metrics.csv</c> for this result, one per metric value.</summary>
    public IEnumerable<MetricRow> MetricRows() => Metrics.SelectMany(m => m.Values.Select(v => new MetricRow(Patch.Index, Variant.Id, m.Variant.Id, v.Name, v.Value)));

    /// <summary>The rows of <c>rows.csv</c> for this result, one per normalisation.</summary>
    public IEnumerable<ResultRow> Rows() => Scores.Select(s => new ResultRow(
        Patch.Index, Patch.SourceId, Patch.PatchIndex, Patch.Label.ToString(CultureInfo.InvariantCulture), Variant.Id, Variant.Method,
        s.Normalisation.Name, s.Scores.Distance, s.Scores.Energy, Saliency.Seconds, Saliency.ForwardPasses, Saliency.BackwardPasses));

    /// <summary>Writes the rows, and the raw map while the writer has fewer than <paramref name="mapSamples"/> map samples (or already has this one).</summary>
    public void WriteTo(ResultsFolderWriter writer, int mapSamples, ISet<int> mapped)
    {
        writer.Add(Rows());
        writer.AddMetrics(MetricRows());
        if (mapped.Contains(Patch.Index) || mapped.Count < mapSamples)
        {
            mapped.Add(Patch.Index);
            writer.AddMap(Patch.Index, new GrayImage(Patch.Width, Patch.Height, Patch.Pixels), Patch.Mask, Variant.Id, Saliency.Map);
        }
    }
}

/// <summary>Progress of a benchmark run: <see cref="Done"/> of <see cref="Total"/> (sample, variant) maps.</summary>
public readonly record struct BenchProgress(int Done, int Total, int Sample, string Variant, double Seconds, bool WarmUp);
