using Saliency.Core.Stats;

namespace Saliency.Torch.Evaluation;

/// <summary>
/// Which pixels ROAD removes, as pytorch-grad-cam 1.5.5 selects them (<c>RemoveMostRelevantFirst</c>,
/// <c>RemoveLeastRelevantFirst</c>). The library's <c>percentile</c> p is the share of pixels it keeps: MoRF(p) keeps
/// the pixels with <c>map &lt; numpy.percentile(map, p)</c> and removes the rest, the top 100 - p percent; LeRF(p) does
/// the same on <c>1 - map</c>, removing the bottom 100 - p percent. We name a removal by the percent removed, r =
/// 100 - p, and compute LeRF on <c>-map</c> (the same order as <c>1 - map</c> without its float32 rounding). Pixels
/// tied with the threshold are removed, so ties can make the removed share larger than r.
/// </summary>
public static class RoadRemoval
{
    /// <summary>
    /// The removed pixels (true) of <paramref name="key"/> (the map, or its magnitudes) for <paramref name="removedPercent"/>.
    /// </summary>
    public static bool[] Removed(ReadOnlySpan<float> key, int removedPercent, bool mostRelevantFirst)
    {
        var signed = new double[key.Length];
        for (int i = 0; i < key.Length; i++)
        {
            signed[i] = mostRelevantFirst ? key[i] : -(double)key[i];
        }

        var sorted = (double[])signed.Clone();
        Array.Sort(sorted);
        var (lower, upper, fraction) = PercentileRule.Ranks(sorted.Length, 100 - removedPercent);
        double threshold = PercentileRule.Interpolate(sorted[lower], sorted[upper], fraction);
        var removed = new bool[key.Length];
        for (int i = 0; i < key.Length; i++)
        {
            removed[i] = !(signed[i] < threshold);
        }

        return removed;
    }
}
