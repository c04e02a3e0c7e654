using Saliency.Core.Metrics;
using static TorchSharp.torch;

namespace Saliency.Torch.Evaluation;

/// <summary>
/// The probability curve deletion and insertion share: pixels ranked by the map (<see cref="PixelRanking"/>), at step
/// i of K the first floor(i N / K) of the N pixels in that order are changed (i = 0..K, so from none to all), each
/// perturbed input is formed on the device from the input, the replacement and the rank plane, and the target-class
/// probabilities are taken in forward passes of up to <c>batch</c> inputs.
/// </summary>
internal static class PerturbationCurve
{
    /// <summary>The fractions of pixels changed at steps 0..K: floor(i N / K) / N.</summary>
    public static double[] Fractions(int pixels, int steps) =>
        [.. Enumerable.Range(0, steps + 1).Select(i => ChangedAt(i, pixels, steps) / (double)pixels)];

    /// <summary>
    /// Target probabilities at steps 0..K. <paramref name="deletion"/>: changed pixels take the replacement (start
    /// at the input); otherwise changed pixels are revealed (start at the replacement).
    /// </summary>
    public static double[] Probabilities(MetricInput input, Tensor replacement, bool absoluteRank, int steps, int batch, bool deletion)
    {
        int pixels = input.Height * input.Width;
        var ranks = PixelRanking.Ranks(input.Map, absoluteRank);
        using var rankPlane = tensor(ranks, [1, 1, input.Height, input.Width], device: input.Input.device);
        var probabilities = new List<double>(steps + 1);
        for (int start = 0; start <= steps; start += batch)
        {
            using var scope = NewDisposeScope();
            int count = Math.Min(batch, steps + 1 - start);
            var changedCounts = Enumerable.Range(start, count).Select(i => (int)ChangedAt(i, pixels, steps)).ToArray();
            var changed = rankPlane < tensor(changedCounts, [count, 1, 1, 1], device: input.Input.device);
            var perturbed = deletion ? where(changed, replacement, input.Input) : where(changed, input.Input, replacement);
            probabilities.AddRange(input.TargetProbabilities(perturbed));
        }

        return [.. probabilities];
    }

    private static long ChangedAt(int step, int pixels, int steps) => (long)step * pixels / steps;
}
