using Saliency.Torch.Evaluation;
using Saliency.Torch.Methods;
using TorchSharp;
using static TorchSharp.torch;

namespace Saliency.Torch.Tests.Evaluation;

/// <summary>
/// Deletion and insertion against hand-worked 4 x 4 cases (<see cref="LinearProbabilityModel"/>). The model's
/// weights are w = 4, 3, 2, 2, 1, 1, 1 on pixels 0..6 and 0 on pixels 7..15 (sum 14), so
/// p = (1 + sum_i w_i g_i) / 16: on the all-ones input p = 15/16 and on the all-zero image p = 1/16. The ideal map
/// is w itself (removing pixel i lowers p by w_i / 16, so the largest weights first); K = 4 steps of 4 pixels.
/// </summary>
public sealed class DeletionInsertionTests
{
    private const int Side = 4;
    private static readonly float[] Weights = [4, 3, 2, 2, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    [Fact]
    public void Deletion_with_the_ideal_map_and_zero_replacement_is_the_hand_worked_area()
    {
        // Removed after each step: none, {4, 3, 2, 2} (u = 1 + 3), the rest of the weight (u = 1), ...:
        // p = 15, 4, 1, 1, 1 (/16). Trapezoids of width 1/4: (15 + 4) / 2 + (4 + 1) / 2 + 1 + 1 = 14, x 1/4 x 1/16.
        Assert.Equal(14.0 / 64, Area("deletion(steps=4)", Ones(), Weights), 1e-6);
    }

    [Fact]
    public void Deletion_with_the_reversed_map_is_worse_and_insertion_mirrors_deletion()
    {
        // Reversed map (-w): the 9 zero-weight pixels first (ties by index: 7..10, 11..14), then 15 and the three
        // weight-1 pixels, then the rest: p = 15, 15, 15, 12, 1 (/16); trapezoids 15 + 15 + 13.5 + 6.5 = 50 -> 50 / 64.
        var reversed = Weights.Select(w => -w).ToArray();
        Assert.Equal(50.0 / 64, Area("deletion(steps=4)", Ones(), reversed), 1e-6);

        // Insertion from black (replacement=zero) with the ideal map: p = 1, 12, 15, 15, 15 (/16) -> 50 / 64;
        // with the reversed map: p = 1, 1, 1, 4, 15 (/16) -> 1 + 1 + 2.5 + 9.5 = 14 -> 14 / 64.
        Assert.Equal(50.0 / 64, Area("insertion(replacement=zero,steps=4)", Ones(), Weights), 1e-6);
        Assert.Equal(14.0 / 64, Area("insertion(replacement=zero,steps=4)", Ones(), reversed), 1e-6);
    }

    [Fact]
    public void Absolute_rank_orders_by_magnitude()
    {
        // -w ranked by |value| is the ideal order again.
        Assert.Equal(14.0 / 64, Area("deletion(rank=absolute,steps=4)", Ones(), [.. Weights.Select(w => -w)]), 1e-6);
    }

    [Fact]
    public void Mean_replacement_uses_the_channel_mean()
    {
        // Grey g_i = i / 15, mean 1/2. Clean: sum w g = (3 + 4 + 6 + 4 + 5 + 6) / 15 = 28/15, p = (43/15) / 16.
        // Step 1 puts 1/2 on pixels 0..3: 11 x 1/2 + (4 + 5 + 6) / 15 = 6.5, p = 7.5 / 16; steps 2..4: all weighted
        // pixels at 1/2, p = 8 / 16. Area = [(43/15 + 7.5) / 2 + (7.5 + 8) / 2 + 8 + 8] / 64 = (868 / 30) / 64.
        var grey = Enumerable.Range(0, 16).Select(i => i / 15f).ToArray();
        Assert.Equal(868.0 / 30 / 64, Area("deletion(replacement=mean,steps=4)", grey, Weights), 1e-6);
    }

    [Fact]
    public void Steps_that_do_not_divide_the_pixels_use_floor_counts_and_their_true_fractions()
    {
        // K = 3 on 16 pixels: floor(16 i / 3) = 0, 5, 10, 16 removed, fractions 0, 5/16, 10/16, 1.
        // p = 15, 3 (weight 4 + 3 + 2 + 2 + 1 gone), 1, 1 (/16).
        // Area = [5/16 (15 + 3) / 2 + 5/16 (3 + 1) / 2 + 6/16 (1 + 1) / 2] / 16 = (45 + 10 + 6) / 256.
        Assert.Equal(61.0 / 256, Area("deletion(steps=3)", Ones(), Weights), 1e-6);
    }

    [Fact]
    public void Blur_replacement_is_the_projects_gaussian_blur_and_batching_does_not_change_the_value()
    {
        // K = 1: the area is (p(input) + p(replacement)) / 2 for deletion; compute p of the blurred input by the
        // model's formula from GaussianBlur's output.
        var grey = Enumerable.Range(0, 16).Select(i => (i % 5) / 4f).ToArray();
        double blurredProbability;
        using (var input = LinearProbabilityModel.Input(grey, Side, Side))
        using (var blurred = GaussianBlur.Apply(input, 1.0))
        {
            var g = blurred[0, 0].reshape(-1).to(ScalarType.Float64).data<double>().ToArray();
            blurredProbability = (1 + g.Select((v, i) => v * Weights[i]).Sum()) / 16;
        }

        double clean = (1 + grey.Select((v, i) => (double)v * Weights[i]).Sum()) / 16;
        Assert.Equal((clean + blurredProbability) / 2, Area("deletion(replacement=blur,sigma=1,steps=1)", grey, Weights), 1e-6);
        Assert.Equal(
            Area("insertion(sigma=1,steps=7)", grey, Weights),
            Area("insertion(batch=3,sigma=1,steps=7)", grey, Weights), 12);
    }

    [Fact]
    public void Passes_follow_the_cost_model_and_no_tensor_leaks()
    {
        using var model = new LinearProbabilityModel(Weights);
        using var input = LinearProbabilityModel.Input(Ones(), Side, Side);
        var metric = MetricComputations.Create("insertion(batch=3,replacement=zero,steps=7)");
        metric.Compute(input, Weights, 0, model.forward);
        long live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var result = metric.Compute(input, Weights, 0, model.forward);
        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        Assert.Equal(metric.Settings.Cost, result.Cost);
        Assert.Equal([3, 3, 2], result.Passes.Select(p => p.Batch));
        Assert.All(result.Passes, p => Assert.Equal(PassKind.ForwardNoGrad, p.Kind));
    }

    private static float[] Ones() => Enumerable.Repeat(1f, Side * Side).ToArray();

    private static double Area(string id, float[] grey, float[] map)
    {
        using var model = new LinearProbabilityModel(Weights);
        using var input = LinearProbabilityModel.Input(grey, Side, Side);
        var result = MetricComputations.Create(id).Compute(input, map, 0, model.forward);
        return Assert.Single(result.Values).Value;
    }
}
