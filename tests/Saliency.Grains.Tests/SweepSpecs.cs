using Saliency.Contracts;
using Saliency.Sweeps;

namespace Saliency.Grains.Tests;

/// <summary>Small sweep specs for the cluster tests, written as sweep files (the path users take).</summary>
internal static class SweepSpecs
{
    public static SweepSpec Small(string name = "small", int shardSize = 3, int maxAttempts = 3, int concurrency = 4, int limit = 0) =>
        SweepFile.Parse($$"""
            name: {{name}}
            data: /data/patches.spb
            model: /data/model.ckpt
            samples: {{(limit > 0 ? "{ limit: " + limit + " }" : "{ classes: [1, 2, 3, 4] }")}}
            normalisations: [All-100, Abs-99]
            shard_size: {{shardSize}}
            max_attempts: {{maxAttempts}}
            max_concurrent_shards: {{concurrency}}
            methods:
              - method: VanillaGrad
              - method: GradCAM
              - method: SmoothGrad
                params: { n: 10, batched: true }
            """, "test.yaml", "/");

    public static async Task<SweepStatus> WaitFinished(ISweepGrain sweep, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            SweepStatus status;
            try
            {
                status = await sweep.GetStatus();
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                // The silo that held the sweep grain may have just died: the next call re-activates it elsewhere.
                await Task.Delay(200);
                continue;
            }

            if (status.IsFinished)
            {
                return status;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"sweep not finished after {timeout}: {status.ShardsDone}/{status.ShardsTotal} shards, state {status.State}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>
    /// <see cref="ISweepGrain.GetResults"/>, retried for a few seconds after a silo loss: until the cluster has
    /// removed the dead silo's grain directory entries, a call can be rejected for an activation that died with it.
    /// </summary>
    public static async Task<SweepResults> ResultsAfterSiloLoss(ISweepGrain sweep)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                return await sweep.GetResults();
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }
}
