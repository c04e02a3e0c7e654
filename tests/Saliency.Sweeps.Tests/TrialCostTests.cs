using Saliency.Contracts;
using Saliency.Sweeps;

namespace Saliency.Sweeps.Tests;

public class TrialCostTests
{
    private static TrialSpec Trial(string method, params (string Name, string Value)[] parameters) =>
        new("t", method, method, parameters.Select(p => new TrialParameter(p.Name, p.Value)).ToList());

    [Fact]
    public void Costs_count_passes_per_sample_with_catalogue_defaults_for_missing_parameters()
    {
        const double forward = 1.0 / 3;
        Assert.Equal(forward + 1, TrialCost.PerSample(Trial("VanillaGrad")), 12);
        Assert.Equal(forward + 1, TrialCost.PerSample(Trial("gradcam++")), 12);
        Assert.Equal(forward + 2, TrialCost.PerSample(Trial("DeepLift", ("reference", "blur"))), 12);
        Assert.Equal(forward + 10, TrialCost.PerSample(Trial("SmoothGrad", ("n", "10"), ("batched", "true"))), 12);
        Assert.Equal(forward + 50, TrialCost.PerSample(Trial("SmoothGrad")), 12); // catalogue default n = 50
        Assert.Equal(forward + 50, TrialCost.PerSample(Trial("IntegratedGradients")), 12);
        Assert.Equal(forward + (512 * forward), TrialCost.PerSample(Trial("ScoreCAM", ("batch", "50"))), 12);
        Assert.Equal(forward + (256 * forward), TrialCost.PerSample(Trial("ScoreCAM", ("layer", "layer3.1"))), 12);
    }

    [Fact]
    public void ScoreCAM_is_the_most_expensive_method_of_the_paper_and_VanillaGrad_the_cheapest()
    {
        var costs = new[] { Trial("VanillaGrad"), Trial("GradCAM"), Trial("DeepLift"), Trial("SmoothGrad", ("n", "100")), Trial("ScoreCAM") }
            .Select(TrialCost.PerSample)
            .ToList();
        Assert.Equal(costs.Order(), costs);
    }
}
