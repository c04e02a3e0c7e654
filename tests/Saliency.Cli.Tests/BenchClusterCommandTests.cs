using System.Globalization;
using Saliency.TestFixtures;

namespace Saliency.Cli.Tests;

/// <summary><c>saliency bench-cluster</c> on real silo processes: one and two silos run the same measured sweep.</summary>
[Collection("torch commands")]
public sealed class BenchClusterCommandTests
{
    [Fact]
    public void One_and_two_silo_processes_compute_every_map_of_the_measured_sweep_and_the_table_says_so()
    {
        using var dir = new TempDir();
        MethodFixtures.SaveRandomModel(dir.File("model.safetensors"));
        BenchCommandTests.PrepareSample(dir, count: 1);
        File.WriteAllText(dir.File("sweep.yaml"), """
            name: bench-test
            data: severstal.patches
            model: model.safetensors
            samples: { classes: [1, 3, 4] }
            normalisations: [All-100]
            shard_size: 2
            methods:
              - method: GradCAM
              - method: VanillaGrad
            """);

        var (code, stdout, stderr) = CliRunner.Run(
            "bench-cluster", "--sweep", dir.File("sweep.yaml"), "--silos", "1,2", "--samples", "4", "--warmup", "1", "--out", dir.File("out"));
        Assert.True(code == 0, stderr + stdout);

        // cluster-bench.csv: one row per silo count; every map of 4 samples x 2 trials computed, on as many silos.
        var rows = File.ReadAllLines(dir.File("out/cluster-bench.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(["1", "2"], rows.Select(r => r[0]));
        Assert.All(rows, r =>
        {
            Assert.Equal("8", r[2]); // samples_total = 4 samples x 2 trials
            Assert.Equal("8", r[3]); // maps
            var (wall, shards, maps) = (D(r[4]), D(r[5]), D(r[6]));
            Assert.True(maps > 0 && maps <= shards, $"map seconds {maps} within shard seconds {shards}");
            Assert.True(wall > 0, "wall time");
        });
        Assert.Equal("1", rows[0][1]);
        Assert.Equal("2", rows[1][1]); // 4 shards, each to the silo with fewer in flight: both silos work
        Assert.True(D(rows[0][4]) >= D(rows[0][5]), "one silo: the sweep's wall time includes its shards' device time");
        Assert.Contains("| 2 (2 used)", stdout, StringComparison.Ordinal);
        Assert.Contains("silos busy", stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(dir.File("out/cluster-bench.md")));
    }

    private static double D(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}
