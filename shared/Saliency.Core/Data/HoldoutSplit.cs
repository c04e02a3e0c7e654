namespace Saliency.Core.Data;

/// <summary>
/// A fixed, seeded train/validation split of patch indices. Indices with the same group id always land on the same
/// side (NEU rotated copies, or the six patches of one Severstal image). When strata (e.g. labels) are given, each
/// stratum is split separately, so class shares are about equal on both sides; a group's stratum is that of its
/// lowest index. Deterministic: the same inputs and seed give the same split on every platform.
/// </summary>
/// <param name="Train">Training indices, ascending.</param>
/// <param name="Validation">Validation indices, ascending.</param>
public sealed record HoldoutSplit(int[] Train, int[] Validation)
{
    public const double DefaultValidationFraction = 0.25;
    public const ulong DefaultSeed = 20240901;

    /// <summary>Splits indices 0..<paramref name="count"/>-1.</summary>
    /// <param name="count">Number of indices.</param>
    /// <param name="validationFraction">Target share of the (included) indices in validation, in [0, 1]. Whole
    /// groups are moved, so the share is reached from below and may overshoot by less than one group.</param>
    /// <param name="seed">Seed of the shuffle.</param>
    /// <param name="groups">Optional group id per index; null puts every index in its own group.</param>
    /// <param name="strata">Optional stratum per index (e.g. the label); null = one stratum.</param>
    /// <param name="include">Optional filter; excluded indices are in neither list (e.g. multiple-class patches).</param>
    public static HoldoutSplit Create(
        int count,
        double validationFraction = DefaultValidationFraction,
        ulong seed = DefaultSeed,
        IReadOnlyList<int>? groups = null,
        IReadOnlyList<int>? strata = null,
        Func<int, bool>? include = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (double.IsNaN(validationFraction) || validationFraction is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(validationFraction), "must be in [0, 1]");
        }

        if ((groups is not null && groups.Count != count) || (strata is not null && strata.Count != count))
        {
            throw new ArgumentException("groups and strata need one entry per index");
        }

        // Members of each group, groups in order of their lowest index.
        var members = new Dictionary<long, List<int>>();
        var order = new List<long>();
        for (int i = 0; i < count; i++)
        {
            if (include is not null && !include(i))
            {
                continue;
            }

            long key = groups is null ? i : groups[i];
            if (!members.TryGetValue(key, out var list))
            {
                members[key] = list = [];
                order.Add(key);
            }

            list.Add(i);
        }

        var random = new DeterministicRandom(seed);
        var train = new List<int>();
        var validation = new List<int>();
        foreach (var stratum in order.GroupBy(g => strata is null ? 0 : strata[members[g][0]]).OrderBy(s => s.Key))
        {
            var stratumGroups = stratum.ToList();
            random.Shuffle(stratumGroups);
            int total = stratumGroups.Sum(g => members[g].Count);
            double target = validationFraction * total;
            int taken = 0;
            foreach (var group in stratumGroups)
            {
                var side = taken < target - 1e-9 ? validation : train;
                side.AddRange(members[group]);
                if (side == validation)
                {
                    taken += members[group].Count;
                }
            }
        }

        train.Sort();
        validation.Sort();
        return new HoldoutSplit([.. train], [.. validation]);
    }

    /// <summary>Splits a patch set by its stored groups, stratified by label, leaving out multiple-class patches.</summary>
    public static HoldoutSplit Create(PatchSet patches, double validationFraction = DefaultValidationFraction, ulong seed = DefaultSeed)
    {
        var labels = patches.Labels();
        return Create(
            patches.Count,
            validationFraction,
            seed,
            patches.Groups(),
            [.. labels.Select(l => (int)l)],
            i => PatchLabels.IsSingle(labels[i]));
    }
}
