namespace Saliency.Torch.Methods;

/// <summary>
/// One raw saliency map and what it cost. <see cref="Map"/> is float32, row-major H x W
/// (<c>Map[y * Width + x]</c>), signed and un-normalised (the metrics normalise it). <see cref="Target"/> is the
/// explained class (logit index). <see cref="Probabilities"/> are the softmax outputs for the clean input when the
/// method computed them as part of its work (null otherwise). Pass counts count real network passes: a batch of N
/// is one pass; <see cref="BatchSize"/> is the largest batch one pass used; <see cref="Passes"/> lists them in order. <see cref="Seconds"/> is the wall time
/// of the map computation including the copy of the map to the host (device synchronised), excluding warm-up.
/// </summary>
public sealed record SaliencyResult(
    float[] Map,
    int Height,
    int Width,
    int Target,
    float[]? Probabilities,
    int ForwardPasses,
    int BackwardPasses,
    int BatchSize,
    double Seconds,
    IReadOnlyList<NetworkPass> Passes)
{
    /// <summary>Maps per second for this one computation (1 / <see cref="Seconds"/>).</summary>
    public double FramesPerSecond => Seconds > 0 ? 1.0 / Seconds : double.PositiveInfinity;
}
