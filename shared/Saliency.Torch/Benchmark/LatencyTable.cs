using System.Globalization;
using System.Text;
using Saliency.Torch.Methods;

namespace Saliency.Torch.Benchmark;

/// <summary>CSV and Markdown renderings of <see cref="MethodLatency"/> rows and the measured pass times.</summary>
public static class LatencyTable
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Csv(IEnumerable<MethodLatency> rows)
    {
        var text = new StringBuilder("variant,method,forward_passes,backward_passes,batch_size,seconds_median,fps,pass_seconds,ratio\n");
        foreach (var r in rows)
        {
            text.Append(Invariant, $"\"{r.Variant}\",{r.Method},{r.ForwardPasses},{r.BackwardPasses},{r.BatchSize},")
                .Append(Invariant, $"{r.Seconds:R},{r.FramesPerSecond:R},{r.PassSeconds:R},{r.Ratio:R}\n");
        }

        return text.ToString();
    }

    public static string Markdown(IEnumerable<MethodLatency> rows)
    {
        var text = new StringBuilder("| variant | fwd | bwd | batch | ms / map | maps/s | passes' ms | ratio |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
        foreach (var r in rows)
        {
            text.Append(Invariant, $"| {r.Variant} | {r.ForwardPasses} | {r.BackwardPasses} | {r.BatchSize} | ")
                .Append(Invariant, $"{r.Seconds * 1000:F1} | {r.FramesPerSecond:F2} | {r.PassSeconds * 1000:F1} | {r.Ratio:F2} |\n");
        }

        return text.ToString();
    }

    /// <summary>Markdown table of the measured single-pass times (ms) per batch size.</summary>
    public static string PassMarkdown(LatencyProbe probe, IEnumerable<int> batches)
    {
        var text = new StringBuilder("| batch | forward no_grad ms | forward ms | backward ms | forward+backward ms per input |\n|---:|---:|---:|---:|---:|\n");
        foreach (var b in batches.Distinct().Order())
        {
            double noGrad = probe.PassSeconds(PassKind.ForwardNoGrad, b) * 1000;
            double forward = probe.PassSeconds(PassKind.Forward, b) * 1000;
            double backward = probe.PassSeconds(PassKind.Backward, b) * 1000;
            text.Append(Invariant, $"| {b} | {noGrad:F1} | {forward:F1} | {backward:F1} | {(forward + backward) / b:F1} |\n");
        }

        return text.ToString();
    }
}
