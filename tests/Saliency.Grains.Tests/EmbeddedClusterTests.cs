using Saliency.Contracts;
using Saliency.Grains.Gpu;
using Saliency.Silo.Hosting;
using Saliency.TestFixtures;

namespace Saliency.Grains.Tests;

public class EmbeddedClusterTests
{
    [Fact]
    public async Task An_in_process_silo_runs_a_sweep_from_its_configuration()
    {
        using var dir = new TempDir();
        await using var cluster = await EmbeddedCluster.StartAsync(o =>
            {
                o.Executor.Evaluator = "synthetic";
                o.Executor.SyntheticSecondsPerSample = 0.001;
                o.Results.Directory = dir.Path;
            });
        var spec = SweepSpecs.Small(limit: 7);

        var sweep = cluster.Client.GetGrain<ISweepGrain>(spec.SweepId);
        await sweep.Submit(spec);
        var status = await SweepSpecs.WaitFinished(sweep, TimeSpan.FromSeconds(60));

        Assert.Equal(SweepState.Completed, status.State);
        Assert.Equal(7 * 3, status.SamplesDone);
        Assert.True(File.Exists(Path.Combine(dir.Path, spec.SweepId, "manifest.json")));
        var results = await sweep.GetResults();
        foreach (var trial in results.Trials)
        {
            Assert.Equal(7, trial.Done);
            var allScores = Enumerable.Range(0, 7).Select(s => SyntheticShardEvaluator.Score($"d|{trial.VariantId}|{s}|All-100")).Order().ToList();
            Assert.Equal(allScores[3], trial.Normalisations.Single(n => n.Normalisation == "All-100").Distance.Median, 12);
        }
    }
}
