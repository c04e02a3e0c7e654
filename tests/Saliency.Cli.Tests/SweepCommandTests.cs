using System.Diagnostics;
using System.Text.Json;
using Saliency.Cli.Commands.Sweep;
using Saliency.Core.Data;
using Saliency.Core.IO;
using Saliency.Core.Results;
using Saliency.TestFixtures;

namespace Saliency.Cli.Tests;

public class SweepCommandTests
{
    private const string SynthSweep = """
        name: synth
        data: /nowhere/patches.spb
        model: /nowhere/model.ckpt
        samples: { limit: 9 }
        normalisations: [All-100, Abs-99]
        shard_size: 4
        methods:
          - method: VanillaGrad
          - method: GradCAM
        """;

    private static (int Code, string Out, string Err) Cli(params string[] args) => CliRunner.Run(args);

    private static int FreePort() => LocalSiloProcess.FreePort();

    [Fact]
    public void An_unreachable_cluster_is_reported_within_seconds()
    {
        var clock = Stopwatch.StartNew();
        var (code, _, err) = Cli("sweep", "list", "--cluster", $"127.0.0.1:{FreePort()}");
        Assert.Equal(3, code);
        Assert.Contains("cannot reach the cluster", err, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public void A_bad_sweep_file_is_rejected_before_connecting_with_file_and_line()
    {
        using var dir = new TempDir();
        var file = dir.File("bad.yaml");
        File.WriteAllText(file, SynthSweep.Replace("GradCAM", "GradKAM", StringComparison.Ordinal));
        var (code, _, err) = Cli("sweep", "submit", file, "--cluster", $"127.0.0.1:{FreePort()}");
        Assert.Equal(2, code);
        Assert.Contains($"{file}:9: methods.method: unknown method 'GradKAM'", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Silo_process_and_cli_on_loopback_run_a_sweep_end_to_end()
    {
        using var dir = new TempDir();
        var sweepFile = dir.File("synth.yaml");
        File.WriteAllText(sweepFile, SynthSweep);
        await using var silo = LocalSiloProcess.Start(new Dictionary<string, string>
        {
            ["Saliency__Executor__Evaluator"] = "synthetic",
            ["Saliency__Results__Directory"] = dir.File("results"),
        });
        var address = silo.Address;
        var (code, output, err) = await silo.CliWhenReachable(Cli, "sweep", "submit", sweepFile, "--cluster", address, "--watch");
        Assert.True(code == 0, output + err);
        Assert.Contains("Completed", output, StringComparison.Ordinal);
        var id = output.Split(' ', ':', '\n')[1];

        var (jsonCode, json, _) = Cli("sweep", "results", id, "--cluster", address, "--format", "json");
        Assert.Equal(0, jsonCode);
        using var doc = JsonDocument.Parse(json);
        var trials = doc.RootElement.GetProperty("trials").EnumerateArray().ToList();
        Assert.Equal(["VanillaGrad", "GradCAM"], trials.Select(t => t.GetProperty("variantId").GetString()));
        Assert.All(trials, t => Assert.Equal(9, t.GetProperty("done").GetInt32()));

        // The synthetic evaluator's distance score is FNV-1a("d|variant|sample|normalisation") mod 1e5 / 1e5:
        // the median over samples 0..8 must be the 5th smallest value.
        var expected = Enumerable.Range(0, 9).Select(s => Fnv($"d|VanillaGrad|{s}|Abs-99")).Order().ElementAt(4);
        var abs99 = trials[0].GetProperty("normalisations").EnumerateArray().Single(n => n.GetProperty("normalisation").GetString() == "Abs-99");
        Assert.Equal(expected, abs99.GetProperty("distance").GetProperty("median").GetDouble(), 12);

        var (outCode, _, _) = Cli("sweep", "results", id, "--cluster", address, "--out", dir.File("out"));
        Assert.Equal(0, outCode);
        var rows = Saliency.Core.Results.RowsCsv.Read(Path.Combine(dir.File("out"), "rows.csv"));
        Assert.Equal(2 * 9 * 2, rows.Count); // variants x samples x normalisations
        var row = rows.Single(r => r.Variant == "VanillaGrad" && r.PatchIndex == 3 && r.Normalisation == "All-100");
        Assert.Equal(Fnv("d|VanillaGrad|3|All-100"), row.Distance, 12);
        Assert.Equal(Fnv("e|VanillaGrad|3|All-100"), row.Energy, 12);

        var (listCode, list, _) = Cli("sweep", "list", "--cluster", address);
        Assert.Equal(0, listCode);
        Assert.Contains(id, list, StringComparison.Ordinal);
        Assert.Contains("6/6", list, StringComparison.Ordinal); // 3 shards x 2 trials
    }

    private static double Fnv(string text)
    {
        var h = 2166136261u;
        foreach (var c in text)
        {
            h = (h ^ c) * 16777619u;
        }

        return (h % 100_000) / 100_000.0;
    }
}
