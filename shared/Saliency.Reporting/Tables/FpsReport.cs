using System.Text;
using Saliency.Core.Data;
using Saliency.Core.IO;
using Saliency.Core.Results;
using Saliency.Reporting.Analysis;

namespace Saliency.Reporting.Tables;

/// <summary>
/// The throughput table: fps percentiles (p5/p50/p95/p99, frames = maps per second, per-sample values) and the
/// median seconds per map of each variant. CSV columns as in the results folder's fps.csv:
/// <c>variant,method,samples,fps_p5,fps_p50,fps_p95,fps_p99,seconds_median</c>.
/// </summary>
public static class FpsReport
{
    public static ReportTable Table(IReadOnlyList<FpsPercentiles> fps, string? device) =>
        new(
            "Throughput: frames per second per method variant",
            ["variant", "samples", "fps p5", "fps p50", "fps p95", "fps p99", "median s / map"],
            [.. fps.Select(f => (IReadOnlyList<TableCell>)[
                f.Variant, NumberFormat.Integer(f.Samples), NumberFormat.Fps(f.P5), new TableCell(NumberFormat.Fps(f.P50), true),
                NumberFormat.Fps(f.P95), NumberFormat.Fps(f.P99), NumberFormat.Seconds(f.SecondsMedian)])],
            [
                "fps = maps per second for one sample (1 / wall time of the map); percentiles over samples (numpy's linear rule). " +
                "A low percentile of fps is a slow sample." + (device is null ? string.Empty : $" Device: {device}."),
            ]);
}
