using Saliency.Contracts;
using Saliency.Grains.Aggregation;

namespace Saliency.Grains.Tests;

public class TrialAggregationTests
{
    private static readonly TrialSpec Trial = new("t1", "VanillaGrad", "VanillaGrad", []);

    private static SampleResult Done(int sample, double distance, double energy, double seconds) =>
        new(sample, "VanillaGrad", SampleOutcome.Done, [new NormalisationScore("Abs-99", distance, energy)], seconds, 1, 1, null);

    [Fact]
    public void Hand_worked_quartiles_fps_percentiles_and_counts()
    {
        // distances 0.1, 0.4, 0.2, 0.3 (one NaN: undefined, left out) -> sorted 0.1 0.2 0.3 0.4:
        // median = 0.25; Q1 at rank 0.75 = 0.1 + 0.75 * 0.1 = 0.175; Q3 at rank 2.25 = 0.325; mean 0.25.
        // fps = 1/seconds = 2, 4, 5, 10, 8 -> sorted 2 4 5 8 10: p50 = 5, p5 at rank 0.2 = 2.4, p95 at rank 3.8 = 9.6, p99 at 3.96 = 9.92.
        var shardA = new ShardResult(new ShardKey("s", "t1", 0), [Done(0, 0.1, 1, 0.5), Done(1, 0.4, 0, 0.25), Done(2, double.NaN, 0.5, 0.2)], "silo", "cpu", 1, 1);
        var shardB = new ShardResult(new ShardKey("s", "t1", 1),
        [
            Done(3, 0.2, 0.5, 0.1),
            Done(4, 0.3, 0.5, 0.125),
            new SampleResult(5, "VanillaGrad", SampleOutcome.Skipped, [], 0, 0, 0, "empty mask"),
            new SampleResult(6, "VanillaGrad", SampleOutcome.Failed, [], 0, 0, 0, "boom"),
            new SampleResult(7, "VanillaGrad", SampleOutcome.Skipped, [], 0, 0, 0, "empty mask"),
        ], "silo", "cpu", 1, 1);

        var a = TrialAggregation.Compute(Trial, ["Abs-99"], [shardA, shardB, shardA]); // shard A given twice counts once

        var d = a.Normalisations.Single().Distance;
        Assert.Equal(4, d.Count);
        Assert.Equal(0.25, d.Median, 12);
        Assert.Equal(0.175, d.Q1, 12);
        Assert.Equal(0.325, d.Q3, 12);
        Assert.Equal(0.25, d.Mean, 12);
        Assert.Equal(5, a.Normalisations.Single().Energy.Count);
        Assert.Equal(0.5, a.Normalisations.Single().Energy.Median, 12);
        Assert.Equal(5, a.Fps.Count);
        Assert.Equal(5, a.Fps.P50, 12);
        Assert.Equal(2.4, a.Fps.P5, 12);
        Assert.Equal(9.6, a.Fps.P95, 12);
        Assert.Equal(9.92, a.Fps.P99, 12);
        Assert.Equal((5, 1, 2, 2), (a.Done, a.Failed, a.Skipped, a.ShardsAggregated));
        Assert.Equal(
            [new ReasonCount(SampleOutcome.Failed, "boom", 1), new ReasonCount(SampleOutcome.Skipped, "empty mask", 2)],
            a.Reasons);
    }

    [Fact]
    public void No_done_samples_give_nan_statistics_not_an_error()
    {
        var a = TrialAggregation.Compute(Trial, ["Abs-99"], []);
        Assert.Equal(0, a.Done);
        Assert.True(double.IsNaN(a.Normalisations.Single().Distance.Median));
        Assert.True(double.IsNaN(a.Fps.P50));
    }
}
