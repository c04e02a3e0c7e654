using Saliency.Contracts;
using Saliency.Grains.Scheduling;
using Saliency.Grains.Storage;
using Saliency.Sweeps;

namespace Saliency.Grains.Tests;

/// <summary>
/// The work the sweep grain sends for a shard: its slice of the resolved samples, the maps kept for the first
/// <c>map_samples</c> of the sweep only, and the model metrics spelled as the catalogue binds them (none: null).
/// </summary>
public sealed class ShardWorkFactoryTests
{
    private static SweepManifest Manifest(string metrics) =>
        new(
            SweepFile.Parse(
                $"name: w\ndata: /d/p.spb\nmodel: /d/m.ckpt\nshard_size: 2\nmap_samples: 3\n{metrics}methods:\n  - method: GradCAM\n",
                "w.yaml",
                "/"),
            [5, 9, 2, 7, 11],
            SweepState.Running,
            null,
            DateTimeOffset.UtcNow,
            DateTimeOffset.UtcNow);

    [Fact]
    public void Each_shard_gets_its_samples_and_the_maps_of_the_sweeps_first_map_samples_only()
    {
        var manifest = Manifest(string.Empty);
        var trial = Assert.Single(manifest.Spec.Trials);
        var works = new ShardWorkFactory(manifest);
        var shards = Enumerable.Range(0, manifest.ShardsPerTrial)
            .Select(i => works.For(new ShardTracker(new ShardKey(manifest.Spec.SweepId, trial.TrialId, i), trial, manifest.ShardSamples(i).Count)))
            .ToList();

        Assert.Equal([[5, 9], [2, 7], [11]], shards.Select(w => w.SampleIndices.ToArray()));
        Assert.Equal([[5, 9], [2], []], shards.Select(w => w.MapSamples!.ToArray()));
        Assert.All(shards, w => Assert.Null(w.Metrics));
        Assert.All(shards, w => Assert.Equal(manifest.Spec.Normalisations, w.Normalisations));
    }

    [Fact]
    public void Only_the_metrics_that_need_the_model_travel_with_the_work_in_their_catalogue_spelling()
    {
        var manifest = Manifest("metrics:\n  - distance\n  - energy\n  - Deletion(steps=8, batch=9)\n");
        var trial = Assert.Single(manifest.Spec.Trials);
        var work = new ShardWorkFactory(manifest).For(new ShardTracker(new ShardKey(manifest.Spec.SweepId, trial.TrialId, 0), trial, 2));
        Assert.Equal(["deletion(batch=9,steps=8)"], work.Metrics);
    }
}
