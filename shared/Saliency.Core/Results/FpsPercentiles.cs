using Saliency.Core.Stats;

namespace Saliency.Core.Results;

/// <summary>
/// Throughput of one method variant over its samples: percentiles of the per-sample frames per second (maps per
/// second, one value per sample, numpy's linear rule) and the median wall time per map in seconds, over the samples
/// whose map was timed (<see cref="Samples"/>; rows without a time are left out).
/// </summary>
public sealed record FpsPercentiles(string Variant, string Method, int Samples, double P5, double P50, double P95, double P99, double SecondsMedian)
{
    /// <summary>One entry per variant, in the order of <paramref name="variants"/>. Each (sample, variant) counts
    /// once (its first row; the timing is the same on all its normalisation rows).</summary>
    public static IReadOnlyList<FpsPercentiles> FromRows(IReadOnlyList<ResultRow> rows, IReadOnlyList<string> variants)
    {
        var perSample = rows
            .Where(r => r.Seconds > 0)
            .GroupBy(r => (r.Variant, r.Sample))
            .Select(g => g.First())
            .GroupBy(r => r.Variant, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var result = new List<FpsPercentiles>();
        foreach (var variant in variants)
        {
            if (!perSample.TryGetValue(variant, out var samples))
            {
                continue;
            }

            var fps = samples.Select(r => r.Fps).ToArray();
            var p = Descriptive.Percentiles(fps, [5, 50, 95, 99]);
            var seconds = Descriptive.Median(samples.Select(r => r.Seconds).ToArray());
            result.Add(new FpsPercentiles(variant, samples[0].Method, samples.Count, p[0], p[1], p[2], p[3], seconds));
        }

        return result;
    }
}
