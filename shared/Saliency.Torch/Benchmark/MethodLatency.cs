namespace Saliency.Torch.Benchmark;

/// <summary>
/// Latency of one method variant against the cost of the network passes it makes. <see cref="Seconds"/> is the
/// median wall time of one explanation (warm-up excluded); <see cref="PassSeconds"/> the median time of replaying
/// the same sequence of plain passes (<see cref="LatencyProbe"/>); <see cref="Ratio"/> the median of the paired
/// per-repeat ratios method / replay, i.e. the overhead of everything that is not a plain forward/backward
/// (noise, masks, rules, upsampling, copies).
/// </summary>
public sealed record MethodLatency(
    string Variant,
    string Method,
    int ForwardPasses,
    int BackwardPasses,
    int BatchSize,
    double Seconds,
    double PassSeconds,
    double Ratio)
{
    public double FramesPerSecond => Seconds > 0 ? 1 / Seconds : double.PositiveInfinity;
}
