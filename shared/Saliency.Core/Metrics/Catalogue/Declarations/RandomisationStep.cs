namespace Saliency.Core.Metrics.Catalogue.Declarations;

/// <summary>
/// One step of the model-randomisation sanity check: the ResNet-18 parameters it re-initialises, named by their
/// torchvision state-dict prefixes (<c>fc.</c>, <c>layer4.1.</c>, <c>conv1.</c> and <c>bn1.</c> for the stem). The
/// torch tests check that the steps of each granularity cover every parameter exactly once.
/// </summary>
public sealed record RandomisationStep(string Name, IReadOnlyList<string> Prefixes)
{
    /// <summary>True when the parameter <paramref name="name"/> (a state-dict key) belongs to this step.</summary>
    public bool Covers(string name) => Prefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal));
}
