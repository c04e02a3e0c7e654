using System.Text.Json;
using System.Text.RegularExpressions;
using Saliency.Cli.Commands.Sweep;
using Saliency.Core.Data;
using Saliency.Core.IO;
using Saliency.Core.Results;
using Saliency.TestFixtures;

namespace Saliency.Cli.Tests;

/// <summary>
/// <c>sweep status / cancel / resume / watch</c> against a silo process (synthetic evaluator, a fixed time per
/// sample): cancel mid-sweep, restart the whole cluster, resume, and every sample is counted once.
/// </summary>
public partial class SweepLifecycleCommandTests
{
    private const string Sweep = """
        name: lifecycle
        data: /nowhere/patches.spb
        model: /nowhere/model.ckpt
        samples: { limit: 16 }
        normalisations: [All-100]
        shard_size: 2
        max_concurrent_shards: 2
        methods:
          - method: VanillaGrad
        """;

    private static (int Code, string Out, string Err) Cli(params string[] args) => CliRunner.Run(args);

    private static (int Done, int Total) Progress(string text)
    {
        var m = ProgressPattern().Match(text);
        Assert.True(m.Success, text);
        return (int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    private static Dictionary<string, string> Settings(TempDir dir) => new()
    {
        ["Saliency__Executor__Evaluator"] = "synthetic",
        ["Saliency__Executor__SyntheticSecondsPerSample"] = "0.3",
        ["Saliency__Results__Directory"] = dir.File("results"),
    };

    [Fact]
    public async Task Status_cancel_then_resume_after_a_cluster_restart_and_watch_count_each_sample_once()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("lifecycle.yaml"), Sweep);
        string id;
        int doneAtCancel;
        await using (var silo = LocalSiloProcess.Start(Settings(dir)))
        {
            var (code, output, err) = await silo.CliWhenReachable(Cli, "sweep", "submit", dir.File("lifecycle.yaml"), "--cluster", silo.Address);
            Assert.True(code == 0, output + err);
            id = output.Split(' ', ':', '\n')[1];

            // Running: status shows progress until a few samples are done.
            var deadline = DateTime.UtcNow.AddSeconds(60);
            do
            {
                (code, output, err) = Cli("sweep", "status", id, "--cluster", silo.Address);
                Assert.True(code == 0, output + err);
            }
            while (Progress(output).Done < 4 && DateTime.UtcNow < deadline);
            Assert.Contains($"sweep {id} (lifecycle): Running", output, StringComparison.Ordinal);
            Assert.Equal(16, Progress(output).Total);

            (code, output, err) = Cli("sweep", "cancel", id, "--cluster", silo.Address);
            Assert.True(code == 0, output + err);
            (code, output, _) = Cli("sweep", "status", id, "--cluster", silo.Address);
            Assert.Equal(0, code);
            Assert.Contains($"sweep {id} (lifecycle): Cancelled", output, StringComparison.Ordinal);
            doneAtCancel = Progress(output).Done;
            Assert.InRange(doneAtCancel, 4, 15);

            // watch on a finished (cancelled) sweep returns at once with a non-zero code.
            (code, output, _) = Cli("sweep", "watch", id, "--cluster", silo.Address);
            Assert.Equal(1, code);
            Assert.Contains("Cancelled", output, StringComparison.Ordinal);
        }

        var beforeResume = ShardFiles(dir);

        // The whole cluster is gone; a new silo on the same results storage resumes what is missing.
        await using (var silo = LocalSiloProcess.Start(Settings(dir)))
        {
            var (code, output, err) = await silo.CliWhenReachable(Cli, "sweep", "status", id, "--cluster", silo.Address);
            // Before resuming, the restarted cluster reports the sweep as storage has it: cancelled, with every
            // persisted shard counted (a shard already on the device when the cancel came may have finished since).
            Assert.True(code == 0, output + err);
            Assert.Contains($"sweep {id} (lifecycle): Cancelled", output, StringComparison.Ordinal);
            Assert.Equal((beforeResume.Count * 2, 16), Progress(output));
            Assert.InRange(beforeResume.Count * 2, doneAtCancel, 15);

            (code, output, err) = Cli("sweep", "resume", id, "--cluster", silo.Address, "--watch");
            Assert.True(code == 0, output + err);
            Assert.Contains("16/16 samples", output, StringComparison.Ordinal);
            Assert.Contains("Completed", output, StringComparison.Ordinal);

            (code, output, _) = Cli("sweep", "watch", id, "--cluster", silo.Address);
            Assert.Equal(0, code);
            Assert.Contains("16/16 samples", output, StringComparison.Ordinal);

            var (jsonCode, json, _) = Cli("sweep", "results", id, "--cluster", silo.Address, "--format", "json");
            Assert.Equal(0, jsonCode);
            using var doc = JsonDocument.Parse(json);
            var trial = doc.RootElement.GetProperty("trials").EnumerateArray().Single();
            Assert.Equal(16, trial.GetProperty("done").GetInt32());

            (code, _, _) = Cli("sweep", "results", id, "--cluster", silo.Address, "--out", dir.File("out"));
            Assert.Equal(0, code);
            var rows = Saliency.Core.Results.RowsCsv.Read(dir.File("out/rows.csv"));
            Assert.Equal(Enumerable.Range(0, 16), rows.Select(r => r.Sample).Order());

            (code, _, err) = Cli("sweep", "status", "nope-12345678", "--cluster", silo.Address);
            Assert.Equal(2, code);
            Assert.Contains("nope-12345678", err, StringComparison.Ordinal);
        }

        // 8 shards, each persisted once; those finished before the cancel were not rewritten by the resumed run.
        var shards = ShardFiles(dir);
        Assert.Equal(8, shards.Count);
        Assert.All(beforeResume, f => Assert.Equal(f.Value, shards[f.Key]));
    }

    private static Dictionary<string, DateTime> ShardFiles(TempDir dir) =>
        Directory.GetFiles(dir.File("results"), "*.json", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(f))) == "shards")
            .ToDictionary(f => f, File.GetLastWriteTimeUtc);

    [GeneratedRegex(@"(\d+)/(\d+) samples")]
    private static partial Regex ProgressPattern();
}
