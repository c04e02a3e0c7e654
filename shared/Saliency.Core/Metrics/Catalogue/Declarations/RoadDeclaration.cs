using Saliency.Core.Methods;

namespace Saliency.Core.Metrics.Catalogue.Declarations;

/// <summary>
/// ROAD, RemOve And Debias (Rong et al. 2022), as pytorch-grad-cam 1.5.5 computes it: for each removed fraction r
/// (<see cref="Step"/>, 2 step, ... percent, below 100) remove the r most relevant pixels (MoRF) or the r least
/// relevant (LeRF), fill them by noisy linear imputation from their neighbours, and take the change of the
/// target-class probability (after minus before). Per map: one forward of the clean input plus one per removed
/// fraction and order, and one imputation per removed fraction and order.
/// </summary>
public static class RoadDeclaration
{
    public const string Both = "both";
    public const string MostRelevantFirst = "most";
    public const string LeastRelevantFirst = "least";

    /// <summary>Mean of the MoRF values over the removed fractions (lower is better).</summary>
    public const string MorfMean = "road_morf";

    /// <summary>Mean of the LeRF values over the removed fractions (higher is better).</summary>
    public const string LerfMean = "road_lerf";

    /// <summary>(LeRF mean - MoRF mean) / 2, pytorch-grad-cam's <c>ROADCombined</c> (higher is better).</summary>
    public const string Combined = "road_combined";

    public static MethodParameter Step { get; } = MethodParameter.Integer(
        "step", 10, 1, 50, "removed fractions in percent: step, 2 step, ... below 100 (10: 10..90, pytorch-grad-cam's set)");

    public static MethodParameter Order { get; } = MethodParameter.Choice(
        "order", Both, [Both, MostRelevantFirst, LeastRelevantFirst], "remove the most relevant pixels first (MoRF), the least (LeRF), or both");

    public static MethodParameter Noise { get; } = MethodParameter.Real(
        "noise", 0.01, 0, 1, "standard deviation of the Gaussian noise added to imputed pixels (input units; 0: none)");

    public static MethodParameter Seed { get; } = MethodParameter.Integer(
        "seed", 0, 0, int.MaxValue, "seed of the imputation noise");

    public static MethodParameter Rank => PerturbationParameters.Rank;

    public static MethodParameter Batch => PerturbationParameters.Batch;

    public static MetricDeclaration Metric { get; } = new(
        "road",
        MetricFamily.Faithfulness,
        "probability change after removing the most / least relevant pixels with noisy linear imputation",
        [Step, Order, Noise, Seed, Rank, Batch],
        ValueNames,
        s =>
        {
            int imputations = RemovedPercents(s).Count * Orders(s).Count;
            return MetricCost.Forwards(1 + imputations, s.Int(Batch)) with { Imputations = imputations };
        });

    /// <summary>The removed fractions in percent, ascending: step, 2 step, ..., the last below 100.</summary>
    public static IReadOnlyList<int> RemovedPercents(MetricSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        int step = settings.Int(Step);
        return [.. Enumerable.Range(1, 99 / step).Select(i => i * step)];
    }

    /// <summary>The orders computed, MoRF first: <c>morf</c>, <c>lerf</c> or both.</summary>
    public static IReadOnlyList<string> Orders(MetricSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Choice(Order) switch
        {
            MostRelevantFirst => ["morf"],
            LeastRelevantFirst => ["lerf"],
            _ => ["morf", "lerf"],
        };
    }

    /// <summary>The value of one order and removed fraction: <c>road_morf_10</c> = probability change with the 10 % most relevant pixels removed.</summary>
    public static string ValueName(string order, int removedPercent) =>
        $"road_{order}_{removedPercent.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    private static IReadOnlyList<string> ValueNames(MetricSettings s)
    {
        var orders = Orders(s);
        var names = orders.SelectMany(o => RemovedPercents(s).Select(r => ValueName(o, r))).ToList();
        names.AddRange(orders.Select(o => o == "morf" ? MorfMean : LerfMean));
        if (orders.Count == 2)
        {
            names.Add(Combined);
        }

        return names;
    }
}
