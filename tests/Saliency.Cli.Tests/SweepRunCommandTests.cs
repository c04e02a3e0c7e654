using Saliency.Core.Results;
using Saliency.TestFixtures;

namespace Saliency.Cli.Tests;

/// <summary><c>saliency sweep run</c>: a sweep on the in-process silo gives <c>saliency bench</c>'s rows.</summary>
[Collection("torch commands")]
public sealed class SweepRunCommandTests
{
    private static (int Code, string Stdout, string Stderr) Run(params string[] args) => CliRunner.Run(args);

    [Fact]
    public void A_sweep_run_in_process_writes_the_rows_bench_writes_on_the_same_inputs_and_a_rerun_reuses_them()
    {
        using var dir = new TempDir();
        var model = MethodFixtures.SaveRandomModel(dir.File("model.safetensors"));
        var (data, samples, _) = BenchCommandTests.PrepareSample(dir, count: 3);
        File.WriteAllText(dir.File("sweep.yaml"), """
            name: cli-run
            data: severstal.patches
            model: model.safetensors
            samples: { file: samples.json, limit: 2 }
            normalisations: [All-100, Abs-100, ReLU-100, All-99, Abs-99, ReLU-99]
            shard_size: 1
            methods:
              - method: GradCAM
              - method: DeepLift
                params: { reference: zero }
            """);

        var (code, stdout, stderr) = Run("sweep", "run", dir.File("sweep.yaml"), "--out", dir.File("sweep-results"));
        Assert.True(code == 0, stderr + stdout);
        Assert.Contains("Completed", stdout, StringComparison.Ordinal);
        (code, _, stderr) = Run("bench", "--data", data, "--model", model, "--samples", samples, "--limit", "2",
            "--methods", "GradCAM", "DeepLift(reference=zero)", "--out", dir.File("bench-results"));
        Assert.True(code == 0, stderr);

        static string Key(ResultRow r) => $"{r.Sample}|{r.Variant}|{r.Normalisation}";
        var bench = RowsCsv.Read(dir.File("bench-results/rows.csv")).ToDictionary(Key);
        var sweep = RowsCsv.Read(dir.File("sweep-results/rows.csv"));
        Assert.Equal(2 * 2 * 6, sweep.Count);
        Assert.Equal(bench.Keys.Order(), sweep.Select(Key).Order());
        foreach (var row in sweep)
        {
            var expected = bench[Key(row)];
            Assert.Equal((expected.SourceId, expected.PatchIndex, expected.Label, expected.Method), (row.SourceId, row.PatchIndex, row.Label, row.Method));
            Assert.Equal((expected.ForwardPasses, expected.BackwardPasses), (row.ForwardPasses, row.BackwardPasses));
            Assert.Equal(expected.Distance, row.Distance, 6);
            Assert.Equal(expected.Energy, row.Energy, 6);
        }

        // The sweep's results are the paper's full set, like bench's: Table 1 of the patch set and the raw maps of
        // its first samples, travelled through the result store.
        Assert.Equal(File.ReadAllText(Path.Combine(dir.File("bench-results"), "table1.json")), File.ReadAllText(dir.File("sweep-results/table1.json")));
        var sweepMaps = Directory.GetFiles(dir.File("sweep-results/maps"), "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(dir.File("sweep-results/maps"), f)).Order().ToList();
        var benchMaps = Directory.GetFiles(dir.File("bench-results/maps"), "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(dir.File("bench-results/maps"), f)).Order().ToList();
        Assert.Equal(benchMaps, sweepMaps);
        Assert.Equal(2 * 4, sweepMaps.Count); // 2 samples x (image, mask, 2 maps)
        foreach (var npy in sweepMaps.Where(m => m.EndsWith(".npy", StringComparison.Ordinal)))
        {
            var a = Saliency.Core.IO.NpyFile.Read(Path.Combine(dir.File("bench-results/maps"), npy)).ToSingleArray();
            var b = Saliency.Core.IO.NpyFile.Read(Path.Combine(dir.File("sweep-results/maps"), npy)).ToSingleArray();
            var scale = a.Max(v => Math.Abs(v));
            Assert.Equal(a.Length, b.Length);
            Assert.All(a.Zip(b), p => Assert.True(Math.Abs(p.First - p.Second) <= 1e-5 * scale, $"{npy}: {p.First} vs {p.Second}"));
        }

        foreach (var png in sweepMaps.Where(m => m.EndsWith(".png", StringComparison.Ordinal)))
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(dir.File("bench-results/maps"), png)), File.ReadAllBytes(Path.Combine(dir.File("sweep-results/maps"), png)));
        }

        // Run again: every shard is persisted, so nothing is recomputed and the rows are the same.
        (code, stdout, stderr) = Run("sweep", "run", dir.File("sweep.yaml"), "--out", dir.File("sweep-results"));
        Assert.True(code == 0, stderr + stdout);
        Assert.Contains("continuing: 4 of 4", stdout, StringComparison.Ordinal);
        Assert.Equal(sweep.Select(Key), RowsCsv.Read(dir.File("sweep-results/rows.csv")).Select(Key));
    }

    [Fact]
    public void Under_timing_samples_the_notes_name_the_family_member_that_was_computed_in_full_and_the_rows_agree()
    {
        using var dir = new TempDir();
        MethodFixtures.SaveRandomModel(dir.File("model.safetensors"));
        BenchCommandTests.PrepareSample(dir, count: 3);

        // Unbatched listed first: the reference is still the batched member (fewer passes, the same maps).
        File.WriteAllText(dir.File("sweep.yaml"), """
            name: cli-timing
            data: severstal.patches
            model: model.safetensors
            samples: { file: samples.json, limit: 3 }
            normalisations: [ReLU-100]
            shard_size: 1
            timing_samples: 1
            methods:
              - method: SmoothGrad
                params: { n: 2, batched: [false, true] }
            """);

        var (code, stdout, stderr) = Run("sweep", "run", dir.File("sweep.yaml"), "--out", dir.File("out"));
        Assert.True(code == 0, stderr + stdout);
        var rows = RowsCsv.Read(dir.File("out/rows.csv"));
        var derived = rows.Where(r => r.Variant == "SmoothGrad(batched=false,n=2)").ToList();
        var reference = rows.Where(r => r.Variant == "SmoothGrad(batched=true,n=2)").ToDictionary(r => r.Sample);
        Assert.Equal(3, reference.Count);
        Assert.All(reference.Values, r => Assert.True(r.Seconds > 0, $"the reference is timed on every sample: {r.Sample}"));
        Assert.Equal(1, derived.Count(r => r.Seconds > 0));
        Assert.All(derived, r => Assert.Equal(reference[r.Sample].Distance, r.Distance, 6));

        var run = RunDescription.Read(File.ReadAllText(dir.File("out/run.json")));
        var note = Assert.Single(run!.Notes);
        Assert.StartsWith(
            "SmoothGrad(batched=false,n=2): computed and timed on 1 of 3 samples (timing_samples 1); its other 2 samples take the scores of SmoothGrad(batched=true,n=2)",
            note,
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_sweep_computes_its_model_metrics_on_the_silo_as_bench_does_and_the_report_shows_them()
    {
        using var dir = new TempDir();
        var model = MethodFixtures.SaveRandomModel(dir.File("model.safetensors"));
        var (data, samples, _) = BenchCommandTests.PrepareSample(dir, count: 3);
        File.WriteAllText(dir.File("sweep.yaml"), """
            name: cli-metrics
            data: severstal.patches
            model: model.safetensors
            samples: { file: samples.json, limit: 2 }
            normalisations: [ReLU-100]
            shard_size: 1
            metrics:
              - distance
              - energy
              - Deletion(steps=8, batch=9)
              - sanity
            methods:
              - method: GradCAM
            """);

        var (code, stdout, stderr) = Run("sweep", "run", dir.File("sweep.yaml"), "--out", dir.File("sweep-results"));
        Assert.True(code == 0, stderr + stdout);
        (code, _, stderr) = Run("bench", "--data", data, "--model", model, "--samples", samples, "--limit", "2", "--normalisations", "ReLU-100",
            "--methods", "GradCAM", "--metrics", "distance", "energy", "deletion(batch=9,steps=8)", "sanity", "--out", dir.File("bench-results"));
        Assert.True(code == 0, stderr);

        // The sweep names its metrics canonically (catalogue spelling, sorted parameters), in run.json as in bench's.
        var run = RunDescription.Read(File.ReadAllText(dir.File("sweep-results/run.json")));
        Assert.Equal(["distance", "energy", "deletion(batch=9,steps=8)", "sanity"], run!.Metrics);

        // Every value bench computes next to the map, the silo computes too, equal up to float rounding: one deletion
        // AUC and 6 steps x 3 sanity values per (sample, variant).
        static string Key(MetricRow r) => $"{r.Sample}|{r.Variant}|{r.Metric}|{r.Value}";
        var bench = MetricsCsv.Read(dir.File("bench-results/metrics.csv")).ToDictionary(Key);
        var sweep = MetricsCsv.Read(dir.File("sweep-results/metrics.csv"));
        Assert.Equal(2 * (1 + (6 * 3)), sweep.Count);
        Assert.Equal(bench.Keys.Order(), sweep.Select(Key).Order());
        Assert.All(sweep, r => Assert.True(Math.Abs(bench[Key(r)].Score - r.Score) <= 1e-5, $"{Key(r)}: sweep {r.Score}, bench {bench[Key(r)].Score}"));
        Assert.All(sweep.Where(r => r.Metric.StartsWith("deletion", StringComparison.Ordinal)), r => Assert.InRange(r.Score, 0, 1));

        // The report shows the faithfulness table and the sanity figure.
        (code, _, stderr) = Run("report", dir.File("sweep-results"), "--out", dir.File("report"));
        Assert.True(code == 0, stderr);
        var html = File.ReadAllText(dir.File("report/index.html"));
        Assert.Contains("id=\"faithfulness\"", html, StringComparison.Ordinal);
        Assert.Contains("deletion_auc", html, StringComparison.Ordinal);
        Assert.Contains("src=\"sanity.png\"", html, StringComparison.Ordinal);
        Assert.True(new FileInfo(dir.File("report/sanity.png")).Length > 0);
    }

    [Fact]
    public void A_bad_sweep_file_is_refused_with_its_file_line_and_field_before_any_silo_starts()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("bad.yaml"), "name: bad\ndata: d\nmodel: m\nsamples: { split: train }\nmethods:\n  - method: VanillaGrad\n");
        var (code, _, stderr) = Run("sweep", "run", dir.File("bad.yaml"), "--out", dir.File("out"));
        Assert.Equal(2, code);
        Assert.Contains("bad.yaml:4: samples.split: 'train' is not a split", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("out")));
    }
}
