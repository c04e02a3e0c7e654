using Saliency.Core.Metrics;
using Saliency.Core.Metrics.Catalogue;
using Saliency.Core.Metrics.Catalogue.Declarations;

namespace Saliency.Torch.Evaluation;

/// <summary>
/// The model-randomisation sanity check (Adebayo et al. 2018, cascading and independent randomisation): for each
/// step of <see cref="SanityDeclaration.Steps"/>, top first, re-initialise the step's parameters
/// (<see cref="LayerRandomiser"/>; cascading keeps the earlier steps randomised, independent restores them first),
/// re-run the method that made the map for the same input and class, and compare the new map with the original:
/// Spearman rank correlation of the signed maps and of their absolute values
/// (<see cref="SpearmanCorrelation"/>), and SSIM of the maps scaled to [0, 1] by their largest magnitude
/// (<see cref="StructuralSimilarity.OfAbsoluteMaps"/>). The original parameters are restored bit for bit before
/// returning, also when the method fails. One explanation per step; no forward of its own.
/// </summary>
public sealed class ModelRandomisation : MetricComputation
{
    private readonly IReadOnlyList<RandomisationStep> _steps;
    private readonly bool _cascading;
    private readonly int _seed;

    internal ModelRandomisation(MetricSettings settings)
        : base(settings)
    {
        _steps = SanityDeclaration.Steps(settings);
        _cascading = settings.Choice(SanityDeclaration.Mode) == SanityDeclaration.Cascading;
        _seed = settings.Int(SanityDeclaration.Seed);
    }

    public override bool NeedsMethod => true;

    private protected override IReadOnlyList<MetricValue> Compute(MetricInput input)
    {
        var network = input.Network!;
        var explain = input.Explain!;
        var values = new List<MetricValue>();
        using var randomiser = new LayerRandomiser(network, _seed);
        foreach (var step in _steps)
        {
            if (!_cascading)
            {
                randomiser.RestoreAll();
            }

            randomiser.Randomise(step);
            var map = explain();
            input.Explanations++;
            if (map.Length != input.Map.Length)
            {
                throw new InvalidOperationException($"the method gave {map.Length} values on the randomised model, {input.Map.Length} on the original");
            }

            var names = SanityDeclaration.ValueNames(step.Name);
            values.Add(new MetricValue(names[0], SpearmanCorrelation.Of(input.Map, map)));
            values.Add(new MetricValue(names[1], SpearmanCorrelation.OfAbsolute(input.Map, map)));
            values.Add(new MetricValue(names[2], StructuralSimilarity.OfAbsoluteMaps(input.Map, map, input.Height, input.Width)));
        }

        return values;
    }
}
