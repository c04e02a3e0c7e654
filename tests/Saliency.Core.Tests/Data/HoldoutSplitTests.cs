using Saliency.Core.Data;

namespace Saliency.Core.Tests.Data;

public class HoldoutSplitTests
{
    [Fact]
    public void Split_is_a_deterministic_partition_with_the_requested_share()
    {
        var a = HoldoutSplit.Create(1000, 0.25, seed: 7);
        var b = HoldoutSplit.Create(1000, 0.25, seed: 7);
        var c = HoldoutSplit.Create(1000, 0.25, seed: 8);
        Assert.Equal(a.Train, b.Train);
        Assert.Equal(a.Validation, b.Validation);
        Assert.NotEqual(a.Validation, c.Validation);
        Assert.Equal(250, a.Validation.Length);
        Assert.Equal(Enumerable.Range(0, 1000), a.Train.Concat(a.Validation).Order());
        Assert.Equal(a.Validation.Order(), a.Validation);
    }

    [Fact]
    public void Groups_stay_on_one_side()
    {
        var groups = Enumerable.Range(0, 400).Select(i => (i * 7919) % 97).ToArray();
        var split = HoldoutSplit.Create(400, 0.25, seed: 3, groups: groups);
        var trainGroups = split.Train.Select(i => groups[i]).ToHashSet();
        Assert.DoesNotContain(split.Validation, i => trainGroups.Contains(groups[i]));
        Assert.InRange(split.Validation.Length, 100, 100 + 5); // groups have 4-5 members
        Assert.Equal(400, split.Train.Length + split.Validation.Length);
    }

    [Fact]
    public void Strata_are_split_separately_and_excluded_indices_are_left_out()
    {
        var strata = Enumerable.Range(0, 200).Select(i => i < 40 ? 1 : 0).ToArray();
        var split = HoldoutSplit.Create(200, 0.25, seed: 1, strata: strata, include: i => i % 10 != 9);
        Assert.Equal(9, split.Validation.Count(i => strata[i] == 1)); // 36 included in stratum 1
        Assert.Equal(36, split.Validation.Count(i => strata[i] == 0)); // 144 included in stratum 0
        Assert.DoesNotContain(split.Train.Concat(split.Validation), i => i % 10 == 9);
    }
}
