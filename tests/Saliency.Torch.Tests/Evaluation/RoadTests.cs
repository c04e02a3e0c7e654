using Saliency.Torch.Evaluation;
using TorchSharp;
using static TorchSharp.torch;

namespace Saliency.Torch.Tests.Evaluation;

/// <summary>ROAD against a hand-worked 4 x 4 case, pytorch-grad-cam's removal rule, and its noise contract.</summary>
public sealed class RoadTests
{
    private const int Side = 4;

    // Grey 1/2 everywhere except a "defect" of 1.0 at (0, 0), (0, 2), (2, 0), (2, 2). The map ranks the defect
    // highest (16, 15, 14, 13) and (1, 1), (1, 3), (3, 1), (3, 3) lowest (1, 2, 3, 4); every pixel weighs 1, so
    // p = (1 + sum g) / 18. Clean: sum g = 12 / 2 + 4 = 10, p = 11/18.
    private static readonly float[] Grey = [1, .5f, 1, .5f, .5f, .5f, .5f, .5f, 1, .5f, 1, .5f, .5f, .5f, .5f, .5f];
    private static readonly float[] Map = [16, 5, 15, 6, 7, 1, 8, 2, 14, 9, 13, 10, 11, 3, 12, 4];
    private static readonly float[] Weights = [.. Enumerable.Repeat(1f, 16)];

    [Fact]
    public void Hand_worked_4x4_removal_of_a_quarter_most_and_least_relevant_first()
    {
        var result = Compute("road(noise=0,step=25)", Map);

        // MoRF 25 %: pytorch-grad-cam keeps map < percentile(map, 75) = 12 + 0.25 (13 - 12) = 12.25, so it removes
        // 13..16, the defect. Each removed pixel has only known neighbours, all 1/2, so it is imputed as 1/2:
        // sum g = 8, p = 9/18, value = 9/18 - 11/18 = -1/9.
        Assert.Equal(-1.0 / 9, result.Value("road_morf_25"), 1e-6);

        // LeRF 25 %: removes map values 1..4, pairwise apart. Imputed = weighted mean of in-image neighbours:
        // (1, 1): 4 defect corners x 1/12 x 1 + 4 edges x 1/6 x 1/2 = 2/3 (weights sum 1);
        // (1, 3) and (3, 1): (2 defect corners x 1/12 + 3 edges x 1/6 x 1/2) / (2/12 + 3/6) = 5/8;
        // (3, 3): (1/12 + 2 x 1/6 x 1/2) / (5/12) = 3/5.
        // sum g = 8 + 2/3 + 5/8 + 5/8 + 3/5 = 631/60, p = (691/60) / 18 = 691/1080, value = 691/1080 - 660/1080.
        Assert.Equal(31.0 / 1080, result.Value("road_lerf_25"), 1e-6);

        // The means and the combined score are formed from the per-fraction values as pytorch-grad-cam does.
        var morf = new[] { 25, 50, 75 }.Average(r => result.Value($"road_morf_{r}"));
        var lerf = new[] { 25, 50, 75 }.Average(r => result.Value($"road_lerf_{r}"));
        Assert.Equal(morf, result.Value("road_morf"), 1e-12);
        Assert.Equal(lerf, result.Value("road_lerf"), 1e-12);
        Assert.Equal((lerf - morf) / 2, result.Value("road_combined"), 1e-12);
    }

    [Fact]
    public void Removal_follows_pytorch_grad_cams_percentile_rule_ties_included()
    {
        // Map 0, 0, 0, 0, 1, 2, 3, 4 (8 pixels). MoRF 25 %: threshold percentile(map, 75) = 2 + 0.25 = 2.25: removes 3
        // and 4. LeRF 25 %: on -map, percentile(-map, 75) = 0 (h = 5.25 between -0 and -0): removes every pixel with
        // -map >= 0, the four tied zeros: ties make LeRF remove half the pixels, not a quarter.
        float[] map = [0, 0, 0, 0, 1, 2, 3, 4];
        Assert.Equal([false, false, false, false, false, false, true, true], RoadRemoval.Removed(map, 25, mostRelevantFirst: true));
        Assert.Equal([true, true, true, true, false, false, false, false], RoadRemoval.Removed(map, 25, mostRelevantFirst: false));
    }

    [Fact]
    public void Same_seed_same_values_other_seed_other_values_and_noise_0_ignores_the_seed()
    {
        Assert.Equal(Values("road(seed=3,step=25)"), Values("road(seed=3,step=25)"));
        Assert.NotEqual(Values("road(seed=3,step=25)"), Values("road(seed=4,step=25)"));
        Assert.Equal(Values("road(noise=0,seed=3,step=25)"), Values("road(noise=0,seed=4,step=25)"));
    }

    [Fact]
    public void A_constant_map_removes_every_pixel_for_morf_and_gives_nan_with_the_declared_passes()
    {
        var metric = MetricComputations.Create("road(batch=2,order=most,step=50)");
        using var model = new LinearProbabilityModel(Weights);
        using var input = LinearProbabilityModel.Input(Grey, Side, Side);
        var result = metric.Compute(input, new float[16], 0, model.forward);
        Assert.True(double.IsNaN(result.Value("road_morf_50")));
        Assert.True(double.IsNaN(result.Value("road_morf")));
        Assert.Equal(metric.Settings.Cost, result.Cost);
    }

    [Fact]
    public void Passes_and_imputations_follow_the_cost_model_and_no_tensor_leaks()
    {
        var metric = MetricComputations.Create("road(batch=4,step=25)");
        using var model = new LinearProbabilityModel(Weights);
        using var input = LinearProbabilityModel.Input(Grey, Side, Side);
        metric.Compute(input, Map, 0, model.forward);
        long live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var result = metric.Compute(input, Map, 0, model.forward);
        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        Assert.Equal(metric.Settings.Cost, result.Cost);
        Assert.Equal([4, 3], result.Passes.Select(p => p.Batch));
        Assert.Equal(6, result.Imputations);
    }

    private static MetricResult Compute(string id, float[] map)
    {
        using var model = new LinearProbabilityModel(Weights);
        using var input = LinearProbabilityModel.Input(Grey, Side, Side);
        return MetricComputations.Create(id).Compute(input, map, 0, model.forward);
    }

    private static double[] Values(string id) => [.. Compute(id, Map).Values.Select(v => v.Value)];
}
