using Saliency.Contracts;
using Saliency.Grains.Scheduling;
using Saliency.Grains.Storage;
using Saliency.Storage;
using Saliency.Sweeps;
using Saliency.TestFixtures;

namespace Saliency.Grains.Tests;

/// <summary>
/// <c>timing_samples</c>: a variant that differs from its family's reference (the member with the fewest passes) only in
/// batching-only parameters is computed and timed on the first N samples; its other shards take the reference's scores
/// without being computed.
/// </summary>
public sealed class BatchingOnlyTimingTests
{
    private static SweepSpec Spec(int timingSamples) => SweepFile.Parse($$"""
        name: timing
        data: /data/patches.spb
        model: /data/model.ckpt
        samples: { limit: 8 }
        normalisations: [All-100, Abs-99]
        shard_size: 2
        timing_samples: {{timingSamples}}
        methods:
          - method: SmoothGrad
            params: { n: 10, batched: [true, false] }
          - method: VanillaGrad
        """, "timing.yaml", "/");

    [Fact]
    public async Task Shards_outside_the_timing_samples_are_copied_from_the_family_reference_and_not_timed_and_resume_keeps_them()
    {
        using var results = new TempDir();
        var workload = new TestWorkload();
        var spec = Spec(timingSamples: 3); // shards 0 (samples 0-1) and 1 (2-3) hold one of the first 3 samples
        var reference = spec.Trials[0];
        var derived = spec.Trials[1];
        Assert.Equal("SmoothGrad(batched=false,n=10)", derived.VariantId);

        await using (var harness = await TestClusterHarness.StartAsync(results.Path, workload, gpuSilos: 1))
        {
            var sweep = harness.Client.GetGrain<ISweepGrain>(spec.SweepId);
            await sweep.Submit(spec);
            var status = await SweepSpecs.WaitFinished(sweep, TimeSpan.FromSeconds(60));
            Assert.True(status.State == SweepState.Completed, status.Message);
            Assert.Equal(3 * 4, status.ShardsDone);

            // Computed: every shard of the reference and of VanillaGrad, only the timed shards of the derived variant.
            var evaluated = workload.Evaluations.Select(e => (e.Key.TrialId, e.Key.Index)).ToHashSet();
            Assert.Equal([0, 1], evaluated.Where(e => e.TrialId == derived.TrialId).Select(e => e.Index).Order());
            Assert.Equal(4, evaluated.Count(e => e.TrialId == reference.TrialId));

            var referenceShards = (await sweep.GetShardResults(reference.TrialId)).ToDictionary(r => r.Key.Index);
            foreach (var shard in await sweep.GetShardResults(derived.TrialId))
            {
                foreach (var (sample, i) in shard.Samples.Select((s, i) => (s, i)))
                {
                    var own = sample.Scores.Select(x => x.Distance);
                    if (shard.Key.Index < 2)
                    {
                        // Timed: its own computation (the test workload scores by variant id, so they differ).
                        Assert.True(sample.Seconds > 0);
                        Assert.Equal(sample.Scores.Select(x => TestWorkload.Distance(derived.VariantId, sample.SampleIndex, x.Normalisation)), own);
                    }
                    else
                    {
                        Assert.True(double.IsNaN(sample.Seconds));
                        Assert.Equal((0, 0), (sample.ForwardPasses, sample.BackwardPasses));
                        Assert.Equal(referenceShards[shard.Key.Index].Samples[i].Scores.Select(x => x.Distance), own);
                        Assert.Contains($"scores of {reference.VariantId}", sample.Reason, StringComparison.Ordinal);
                    }
                }
            }

            // fps only from the timed samples; scores from all eight.
            var aggregate = (await sweep.GetResults()).Trials.Single(t => t.TrialId == derived.TrialId);
            Assert.Equal((8, 4), (aggregate.Done, aggregate.Fps.Count));
        }

        // Resume on a fresh cluster: storage holds every shard, the derived ones included; nothing is computed again.
        var again = new TestWorkload();
        await using (var harness = await TestClusterHarness.StartAsync(results.Path, again, gpuSilos: 1))
        {
            var sweep = harness.Client.GetGrain<ISweepGrain>(spec.SweepId);
            await sweep.Resume();
            var status = await SweepSpecs.WaitFinished(sweep, TimeSpan.FromSeconds(60));
            Assert.Equal(SweepState.Completed, status.State);
            Assert.Empty(again.Evaluations);
        }
    }

    [Fact]
    public async Task A_derived_shard_whose_reference_result_is_stored_but_itself_is_not_is_made_on_resume_without_computing()
    {
        using var results = new TempDir();
        var spec = Spec(timingSamples: 2); // only shard 0 is timed
        var store = new ObjectStoreResultStore(new LocalDirectoryObjectStore(results.Path));
        var derived = spec.Trials[1];
        await using (var harness = await TestClusterHarness.StartAsync(results.Path, new TestWorkload(), gpuSilos: 1))
        {
            var sweep = harness.Client.GetGrain<ISweepGrain>(spec.SweepId);
            await sweep.Submit(spec);
            Assert.Equal(SweepState.Completed, (await SweepSpecs.WaitFinished(sweep, TimeSpan.FromSeconds(60))).State);
        }

        // Lose the derived shards (as if the sweep had stopped before writing them), keep everything else.
        foreach (var index in new[] { 1, 2, 3 })
        {
            File.Delete(Path.Combine(results.Path, spec.SweepId, "shards", derived.TrialId, $"{index:D6}.json"));
        }

        var again = new TestWorkload();
        await using (var harness = await TestClusterHarness.StartAsync(results.Path, again, gpuSilos: 1))
        {
            var sweep = harness.Client.GetGrain<ISweepGrain>(spec.SweepId);
            await sweep.Resume();
            Assert.Equal(SweepState.Completed, (await SweepSpecs.WaitFinished(sweep, TimeSpan.FromSeconds(60))).State);
            Assert.Empty(again.Evaluations);
        }

        Assert.Equal(4, (await store.ReadShardsAsync(spec.SweepId, derived.TrialId)).Count);
    }

    [Fact]
    public void Timing_samples_change_the_sweep_id_only_when_used()
    {
        var off = Spec(timingSamples: 0);
        var on = Spec(timingSamples: 3);
        Assert.NotEqual(off.ContentHash, on.ContentHash);
        var without = SweepFile.Parse(
            "name: timing\ndata: /data/patches.spb\nmodel: /data/model.ckpt\nsamples: { limit: 8 }\nnormalisations: [All-100, Abs-99]\nshard_size: 2\nmethods:\n  - method: SmoothGrad\n    params: { n: 10, batched: [true, false] }\n  - method: VanillaGrad\n",
            "t.yaml",
            "/");
        Assert.Equal(off.ContentHash, without.ContentHash);
    }

    [Fact]
    public void The_reference_of_a_family_is_its_member_with_the_fewest_passes_whatever_the_order()
    {
        foreach (var (order, reference) in new[] { ("[false, true]", "SmoothGrad(batched=true,n=10)"), ("[true, false]", "SmoothGrad(batched=true,n=10)") })
        {
            var spec = SweepFile.Parse(
                $"name: r\ndata: /d/p.spb\nmodel: /d/m.ckpt\ntiming_samples: 2\nmethods:\n  - method: SmoothGrad\n    params: {{ n: 10, batched: {order} }}\n  - method: ScoreCAM\n    params: {{ batch: [1, 50, 25] }}\n",
                "r.yaml",
                "/");
            var references = BatchingReferences.Of(spec).ToDictionary(kv => spec.Trials.Single(t => t.TrialId == kv.Key).VariantId, kv => kv.Value.VariantId);
            Assert.Equal(reference, references.Single(kv => kv.Key.StartsWith("SmoothGrad", StringComparison.Ordinal)).Value);
            Assert.Equal(["ScoreCAM(batch=1)", "ScoreCAM(batch=25)"], references.Where(kv => kv.Key.StartsWith("ScoreCAM", StringComparison.Ordinal)).Select(kv => kv.Key).Order());
            Assert.All(references.Where(kv => kv.Key.StartsWith("ScoreCAM", StringComparison.Ordinal)), kv => Assert.Equal("ScoreCAM(batch=50)", kv.Value));
        }
    }
}
