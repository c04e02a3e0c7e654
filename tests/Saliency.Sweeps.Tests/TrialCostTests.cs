using Saliency.Contracts;
using Saliency.Sweeps;

namespace Saliency.Sweeps.Tests;

public class TrialCostTests
{
    private static TrialSpec Trial(string method, params (string Name, string Value)[] parameters) =>
        new("t", method, method, parameters.Select(p => new TrialParameter(p.Name, p.Value)).ToList());

    [Fact]
    public void Costs_are_forward_equivalents_of_the_methods_passes_plus_the_prediction_with_defaults_for_missing_parameters()
    {
        // A backward of one input counts as two forwards; every sample adds one prediction forward.
        Assert.Equal(1 + 2 + 1, TrialCost.PerSample(Trial("VanillaGrad")), 12);
        Assert.Equal(1 + 2 + 1, TrialCost.PerSample(Trial("gradcam++")), 12);
        Assert.Equal(2 + 4 + 1, TrialCost.PerSample(Trial("DeepLift", ("reference", "blur"))), 12);
        Assert.Equal(10 + 20 + 1, TrialCost.PerSample(Trial("SmoothGrad", ("n", "10"), ("batched", "true"))), 12);
        Assert.Equal(50 + 100 + 1, TrialCost.PerSample(Trial("SmoothGrad")), 12); // catalogue default n = 50
        Assert.Equal(50 + 100 + 1, TrialCost.PerSample(Trial("IntegratedGradients")), 12);
        Assert.Equal(1 + 512 + 1, TrialCost.PerSample(Trial("ScoreCAM", ("batch", "50"))), 12);
        Assert.Equal(1 + 256 + 1, TrialCost.PerSample(Trial("ScoreCAM", ("layer", "layer3.1"))), 12);
    }

    [Fact]
    public void ScoreCAM_is_the_most_expensive_method_of_the_paper_and_VanillaGrad_the_cheapest()
    {
        var costs = new[] { Trial("VanillaGrad"), Trial("DeepLift"), Trial("SmoothGrad", ("n", "100")), Trial("ScoreCAM") }
            .Select(TrialCost.PerSample)
            .ToList();
        Assert.Equal(costs.Order(), costs);
    }

    [Fact]
    public void A_sweeps_model_metrics_add_their_forwards_and_re_explanations_and_the_pointing_games_nothing()
    {
        var gradCam = Trial("GradCAM");
        double alone = TrialCost.PerSample(gradCam);
        Assert.Equal(alone, TrialCost.PerSample(gradCam, ["distance", "energy"]), 12);

        // deletion with K = 8 steps: K + 1 inputs in forwards of at most 9 (one pass), no backward.
        Assert.Equal(alone + 9, TrialCost.PerSample(gradCam, ["distance", "deletion(steps=8,batch=9)"]), 12);
        Assert.Equal((1 + 1 + 1, 1), (TrialCost.Passes(gradCam, ["deletion(steps=8,batch=9)"]).ForwardPasses, TrialCost.Passes(gradCam, ["deletion(steps=8,batch=9)"]).BackwardPasses));

        // sanity by stages re-explains the map on 6 randomised models: 6 x GradCAM's pass pair (the prediction is not repeated).
        Assert.Equal(alone + (6 * (1 + 2)), TrialCost.PerSample(gradCam, ["sanity"]), 12);
        Assert.Equal(alone + (10 * (1 + 2)), TrialCost.PerSample(gradCam, ["sanity(granularity=blocks)"]), 12);
    }
}
