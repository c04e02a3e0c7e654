using Saliency.Core.Methods;

namespace Saliency.Core.Metrics.Catalogue.Declarations;

/// <summary>
/// Model-randomisation sanity check (Adebayo et al. 2018): re-initialise the classifier's layers from the top (fc,
/// then layer4, ... down to the stem), either cumulatively (cascading) or one at a time (independent), re-run the
/// saliency method that made the map on each randomised model, and compare each map with the original one by
/// Spearman rank correlation (signed and of absolute values) and SSIM. A method that passes changes its map: low
/// values. The original weights are restored after. Per map: one explanation per step, no other pass.
/// </summary>
public static class SanityDeclaration
{
    private static readonly RandomisationStep Stem = new("stem", ["conv1.", "bn1."]);

    private static readonly IReadOnlyList<RandomisationStep> StageSteps =
    [
        new("fc", ["fc."]),
        .. new[] { 4, 3, 2, 1 }.Select(i => new RandomisationStep($"layer{i}", [$"layer{i}."])),
        Stem,
    ];

    private static readonly IReadOnlyList<RandomisationStep> BlockSteps =
    [
        new("fc", ["fc."]),
        .. new[] { 4, 3, 2, 1 }.SelectMany(i => new[] { 1, 0 }.Select(b => new RandomisationStep($"layer{i}.{b}", [$"layer{i}.{b}."]))),
        Stem,
    ];

    public const string Stages = "stages";
    public const string Blocks = "blocks";
    public const string Cascading = "cascading";
    public const string Independent = "independent";

    public static MethodParameter Granularity { get; } = MethodParameter.Choice(
        "granularity", Stages, [Stages, Blocks], "randomise by stage (fc, layer4..layer1, stem: 6 steps) or by residual block (10 steps)");

    public static MethodParameter Mode { get; } = MethodParameter.Choice(
        "mode", Cascading, [Cascading, Independent], "cascading: each step adds a layer to the randomised ones; independent: one layer at a time");

    public static MethodParameter Seed { get; } = MethodParameter.Integer(
        "seed", 0, 0, int.MaxValue, "seed of the re-initialisation (each parameter's draw depends only on the seed and its name)");

    public static MetricDeclaration Metric { get; } = new(
        "sanity",
        MetricFamily.Sanity,
        "similarity of the map to the maps of the same method on models randomised from the top (lower passes)",
        [Granularity, Mode, Seed],
        s => [.. Steps(s).SelectMany(step => ValueNames(step.Name))],
        s => new MetricCost(0, 0, Steps(s).Count, 0));

    /// <summary>The randomisation steps, top first, of a granularity.</summary>
    public static IReadOnlyList<RandomisationStep> Steps(MetricSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Choice(Granularity) == Blocks ? BlockSteps : StageSteps;
    }

    /// <summary>Spearman, Spearman of absolute values and SSIM after step <paramref name="step"/>, in that order.</summary>
    public static IReadOnlyList<string> ValueNames(string step) =>
        [$"sanity_spearman_{step}", $"sanity_spearman_abs_{step}", $"sanity_ssim_{step}"];
}
