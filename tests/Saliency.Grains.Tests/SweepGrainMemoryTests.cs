using Saliency.Contracts;
using Saliency.Silo.Hosting.Simulation;
using Saliency.Sweeps;
using Xunit.Abstractions;

namespace Saliency.Grains.Tests;

/// <summary>
/// Runs with no other test of this assembly: the sweep grain's memory is read from the process-wide managed heap, and
/// a test running beside it (xUnit runs the other classes in parallel) once released 40 MB between the two readings.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class QuietProcessCollection
{
    public const string Name = "quiet process";
}

[Collection(QuietProcessCollection.Name)]
public sealed class SweepGrainMemoryTests(ITestOutputHelper output)
{
    /// <summary>
    /// The sweep grain's own memory (heap with its activation minus heap without it) is measured, positive, and grows
    /// with the shards it tracks: 8x the shards, same pool, at least 4x the bytes, and a sane size per added shard
    /// (about 150 bytes measured: a tracker, its key and outcome; readings vary by a few KB). The test runs alone
    /// (<see cref="QuietProcessCollection"/>).
    /// </summary>
    [Fact]
    public async Task The_sweep_grains_own_memory_is_measured_and_grows_with_its_shards()
    {
        static SweepSpec Sweep(int samples) => SweepFile.Parse($$"""
            name: pool-memory-{{samples}}
            data: /data/patches.spb
            model: /data/model.ckpt
            samples: { limit: {{samples}} }
            shard_size: 1
            max_concurrent_shards: 10000
            methods:
              - method: VanillaGrad
            """, "pool-memory.yaml", "/");

        // The reading is process-wide: memory an earlier test's leftovers release while the grain is deactivated
        // (once 20-40 MB after the whole assembly had run; 36-43 KB when this test runs alone) lands in the difference.
        // Such a pair is measured again, at most three times; the checks are the same for every pair.
        var options = new PoolSimulationOptions(8, SecondsPerPass: 0.001, TimeScale: 0.01, TimeSpan.FromSeconds(120));
        PoolRun small, large;
        var attempt = 0;
        do
        {
            attempt++;
            small = await PoolSimulation.RunAsync(Sweep(256), options);
            large = await PoolSimulation.RunAsync(Sweep(2048), options);
            output.WriteLine($"pair {attempt}: sweep grain of 256 shards {small.SweepGrainBytes} bytes, of 2048 shards {large.SweepGrainBytes} bytes");
        }
        while (attempt < 3 && !Plausible(small.SweepGrainBytes, large.SweepGrainBytes));

        Assert.Equal((SweepState.Completed, SweepState.Completed), (small.Status.State, large.Status.State));
        Assert.Equal((256, 2048), (small.Shards.Count, large.Shards.Count));
        Assert.True(small.SweepGrainBytes > 0, $"sweep grain of 256 shards: {small.SweepGrainBytes} bytes (2048 shards: {large.SweepGrainBytes})");
        Assert.True(large.SweepGrainBytes >= 4 * small.SweepGrainBytes, $"256 shards: {small.SweepGrainBytes} bytes, 2048 shards: {large.SweepGrainBytes} bytes");
        var perShard = PerAddedShard(small.SweepGrainBytes, large.SweepGrainBytes);
        output.WriteLine($"sweep grain: 256 shards {small.SweepGrainBytes} bytes, 2048 shards {large.SweepGrainBytes} bytes, {perShard:F0} bytes per added shard");
        Assert.InRange(perShard, 50, 10_000);
    }

    private static double PerAddedShard(long small, long large) => (double)(large - small) / (2048 - 256);

    private static bool Plausible(long small, long large) =>
        small > 0 && large >= 4 * small && PerAddedShard(small, large) is >= 50 and <= 10_000;
}
