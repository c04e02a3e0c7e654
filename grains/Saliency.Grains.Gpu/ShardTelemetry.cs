using Saliency.Contracts;
using Saliency.Telemetry;

namespace Saliency.Grains.Gpu;

/// <summary>
/// Records a computed shard in the saliency metrics, labelled by method (the trial's variant id), device and silo
/// role <c>gpu</c> (work grains run only on GPU-role silos); never by sample, trial, shard or sweep id.
/// <list type="bullet">
/// <item>each <see cref="SampleOutcome.Done"/> sample: its map duration (<see cref="SampleResult.Seconds"/>, the
/// method's own timing), one processed sample, and its distance and energy scores per normalisation (NaN scores,
/// undefined for that sample, are left out);</item>
/// <item>each <see cref="SampleOutcome.Failed"/> sample: one failed sample; <see cref="SampleOutcome.Skipped"/>
/// samples are not counted;</item>
/// <item>a shard whose evaluation threw: every sample of it failed (once per attempt: a retried shard counts again).</item>
/// </list>
/// </summary>
public static class ShardTelemetry
{
    private static readonly string Role = SiloRole.Gpu.Label();

    /// <summary>Records the per-sample results of a shard of <paramref name="method"/> computed on <paramref name="device"/>.</summary>
    public static void RecordResults(string method, string device, IReadOnlyList<SampleResult> samples)
    {
        foreach (var sample in samples)
        {
            switch (sample.Outcome)
            {
                case SampleOutcome.Done:
                    SaliencyMetrics.RecordMapDuration(method, device, Role, TimeSpan.FromSeconds(sample.Seconds));
                    SaliencyMetrics.RecordSampleProcessed(method, device, Role);
                    foreach (var score in sample.Scores.Where(s => !double.IsNaN(s.Distance) && !double.IsNaN(s.Energy)))
                    {
                        SaliencyMetrics.RecordScores(method, score.Normalisation, score.Distance, score.Energy);
                    }

                    break;
                case SampleOutcome.Failed:
                    SaliencyMetrics.RecordSampleFailed(method, device, Role);
                    break;
                case SampleOutcome.Skipped:
                default:
                    break;
            }
        }
    }

    /// <summary>Counts every sample of a shard whose evaluation threw as failed.</summary>
    public static void RecordShardFailure(string method, string device, int sampleCount)
    {
        for (var i = 0; i < sampleCount; i++)
        {
            SaliencyMetrics.RecordSampleFailed(method, device, Role);
        }
    }
}
