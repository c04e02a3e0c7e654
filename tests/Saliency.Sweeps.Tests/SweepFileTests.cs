using System.Security.Cryptography;
using System.Text;
using Saliency.Core;
using Saliency.Sweeps;

namespace Saliency.Sweeps.Tests;

public class SweepFileTests
{
    private const string Minimal = """
        name: t1
        data: /d/patches.spb
        model: /d/model.ckpt
        methods:
          - method: VanillaGrad
        """;

    private static string ShippedSweep(string name) => Path.Combine(AppContext.BaseDirectory, "sweeps", name);

    [Fact]
    public void Paper_sweep_expands_to_the_tables_fourteen_variants_with_bench_ids()
    {
        var spec = SweepFile.Load(ShippedSweep("paper.yaml"));
        string[] expected =
        [
            "VanillaGrad",
            "SmoothGrad(batched=false,n=10)", "SmoothGrad(batched=true,n=10)",
            "SmoothGrad(batched=false,n=50)", "SmoothGrad(batched=true,n=50)",
            "SmoothGrad(batched=false,n=100)", "SmoothGrad(batched=true,n=100)",
            "DeepLift(reference=zero)", "DeepLift(reference=blur)",
            "GradCAM", "GradCAM++",
            "ScoreCAM(batch=1)", "ScoreCAM(batch=25)", "ScoreCAM(batch=50)",
        ];
        Assert.Equal(expected, spec.Trials.Select(t => t.VariantId));
        Assert.Equal(["All-100", "Abs-100", "ReLU-100", "All-99", "Abs-99", "ReLU-99"], spec.Normalisations);
        Assert.Equal(32, spec.ShardSize);
        // The paper's selection as a rule: validation split, correct with probability >= 0.9, every defect class.
        Assert.Equal((null, "validation", 0.9, 0), (spec.Samples.File, spec.Samples.Split, spec.Samples.MinConfidence, spec.Samples.Limit));
        Assert.Empty(spec.Samples.Classes);
    }

    [Fact]
    public void Quick_sweep_has_every_method_of_the_study_once_or_twice()
    {
        var spec = SweepFile.Load(ShippedSweep("quick.yaml"));
        var methods = spec.Trials.Select(t => t.Method).Distinct().ToList();
        Assert.Equal(["VanillaGrad", "SmoothGrad", "DeepLift", "GradCAM", "GradCAM++", "ScoreCAM"], methods);
        Assert.Equal(4, spec.Samples.Limit); // a few samples: the quick run stays well under 10 minutes on a 2-core CPU
    }

    [Fact]
    public void Trial_ids_are_a_hash_of_the_variant_id_and_stable_across_parses()
    {
        var a = SweepFile.Parse(Minimal, "a.yaml", "/");
        var b = SweepFile.Parse(Minimal.Replace("name: t1", "name: other", StringComparison.Ordinal), "b.yaml", "/");
        var expected = "t" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("trial\nVanillaGrad")))[..12];
        Assert.Equal(expected, a.Trials.Single().TrialId);
        Assert.Equal(a.Trials.Single().TrialId, b.Trials.Single().TrialId);
        Assert.Equal(a.ContentHash, b.ContentHash); // the name is not content
        Assert.Equal("t1-" + a.ContentHash[..8], a.SweepId);
    }

    [Fact]
    public void Changing_what_is_computed_changes_the_content_hash()
    {
        var a = SweepFile.Parse(Minimal, "a.yaml", "/");
        var otherModel = SweepFile.Parse(Minimal.Replace("model.ckpt", "model2.ckpt", StringComparison.Ordinal), "a.yaml", "/");
        var otherShards = SweepFile.Parse(Minimal + "\nshard_size: 3", "a.yaml", "/");
        var moreRetries = SweepFile.Parse(Minimal + "\nmax_attempts: 5", "a.yaml", "/");
        Assert.NotEqual(a.ContentHash, otherModel.ContentHash);
        Assert.NotEqual(a.ContentHash, otherShards.ContentHash);
        Assert.Equal(a.ContentHash, moreRetries.ContentHash); // scheduling knobs do not change results
    }

    [Fact]
    public void Values_are_written_in_canonical_form_so_equal_trials_have_equal_ids()
    {
        var a = SweepFile.Parse(
            Minimal.Replace("- method: VanillaGrad", "- method: smoothgrad\n    params: { noise: 0.020, n: 050, batched: False }", StringComparison.Ordinal),
            "a.yaml", "/");
        var b = SweepFile.Parse(
            Minimal.Replace("- method: VanillaGrad", "- method: SmoothGrad\n    params: { batched: false, n: 50, noise: 2e-2 }", StringComparison.Ordinal),
            "b.yaml", "/");
        Assert.Equal("SmoothGrad(batched=false,n=50,noise=0.02)", a.Trials.Single().VariantId);
        Assert.Equal(a.Trials.Single().TrialId, b.Trials.Single().TrialId);
    }

    [Fact]
    public void Grid_is_the_product_of_the_listed_axes_first_axis_slowest()
    {
        var spec = SweepFile.Parse(
            Minimal.Replace("- method: VanillaGrad", "- method: ScoreCAM\n    params: { layer: [layer3, layer4], batch: [1, 2, 3] }", StringComparison.Ordinal),
            "a.yaml", "/");
        var pairs = spec.Trials.Select(t => (t.Parameters.Single(p => p.Name == "layer").Value, t.Parameters.Single(p => p.Name == "batch").Value)).ToList();
        var expected = new[] { "layer3", "layer4" }.SelectMany(l => new[] { "1", "2", "3" }.Select(b => (l, b))).ToList();
        Assert.Equal(expected, pairs);
        Assert.Equal(6, spec.Trials.Select(t => t.TrialId).Distinct().Count());
    }

    [Fact]
    public void Relative_paths_resolve_against_the_files_folder()
    {
        var spec = SweepFile.Parse(Minimal.Replace("/d/patches.spb", "../data/p.spb", StringComparison.Ordinal), "a.yaml", "/x/sweeps");
        Assert.Equal(Path.GetFullPath("/x/data/p.spb"), spec.DataPath);
    }

    [Theory]
    [InlineData("- method: VanillaGrad", "- method: NoSuchMethod", 5, "methods.method", "unknown method 'NoSuchMethod'")]
    [InlineData("- method: VanillaGrad", "- method: SmoothGrad\n    params:\n      n: [10, 0]", 7, "SmoothGrad.n", "0 is outside 1..100000")]
    [InlineData("- method: VanillaGrad", "- method: SmoothGrad\n    params:\n      batched: maybe", 7, "SmoothGrad.batched", "'maybe' is not true or false")]
    [InlineData("- method: VanillaGrad", "- method: GradCAM\n    params:\n      sigma: 3", 7, "GradCAM.sigma", "unknown parameter; GradCAM takes layer")]
    [InlineData("- method: VanillaGrad", "- method: DeepLift\n    params: { reference: mean }", 6, "DeepLift.reference", "'mean' is not one of zero | blur")]
    [InlineData("model: /d/model.ckpt\n", "", 1, "model", "missing required field")]
    [InlineData("name: t1", "name: t1\nshard_szie: 4", 2, "shard_szie", "unknown field")]
    [InlineData("name: t1", "name: t1\nnormalisations: [All-100, Max-99]", 2, "normalisations", "'Max-99' is not a normalisation")]
    [InlineData("- method: VanillaGrad", "- method: VanillaGrad\n  - method: vanillagrad", 6, "methods", "also produced by the entry at line 5")]
    [InlineData("name: t1", "name: t1\nshard_size: -2", 2, "shard_size", "must be a whole number in [1, 1000000]")]
    [InlineData("name: t1", "name: t1\nsamples: { split: train }", 2, "samples.split", "'train' is not a split (all, validation)")]
    [InlineData("name: t1", "name: t1\nsamples:\n  min_confidence: 1.5", 3, "samples.min_confidence", "must be a probability in [0, 1]")]
    [InlineData("name: t1", "name: t1\nsamples:\n  file: s.json\n  split: validation", 4, "samples.split", "either a samples file or a rule")]
    [InlineData("name: t1", "name: t1\nmetrics: [distance, faithfulness]", 2, "metrics", "unknown metric 'faithfulness'; known: distance, energy, deletion, insertion, road, sanity")]
    [InlineData("name: t1", "name: t1\nmetrics:\n  - deletion(steps=0)", 3, "metrics", "0 is outside 1..10000")]
    [InlineData("name: t1", "name: t1\nmetrics:\n  - road(order=middle)", 3, "metrics", "'middle' is not one of")]
    [InlineData("name: t1", "name: t1\nmetrics:\n  - sanity(steps=3)", 3, "metrics", "unknown parameter")]
    public void Bad_files_name_the_field_and_line(string find, string replace, int line, string field, string message)
    {
        var yaml = Minimal.Replace(find, replace, StringComparison.Ordinal);
        var e = Assert.Throws<InputException>(() => SweepFile.Parse(yaml, "bad.yaml", "/"));
        Assert.Equal("bad.yaml", e.File);
        Assert.Equal(line, e.Line);
        Assert.Equal(field, e.Field);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.StartsWith($"bad.yaml:{line}: {field}: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Metrics_bind_through_the_metric_catalogue_and_are_kept_canonical()
    {
        Assert.Equal(["distance", "energy"], SweepFile.Parse(Minimal, "t.yaml", "/").Metrics);
        var spec = SweepFile.Parse(Minimal + "\nmetrics:\n  - Energy\n  - Deletion( steps = 8, replacement=blur )\n  - deletion(replacement=blur,steps=8)\n  - sanity", "t.yaml", "/");
        Assert.Equal(["energy", "deletion(replacement=blur,steps=8)", "sanity"], spec.Metrics);
        Assert.Equal(["deletion(replacement=blur,steps=8)", "sanity"], Saliency.Core.Metrics.Catalogue.MetricCatalogue.WithModel(spec.Metrics));
    }

    [Fact]
    public void A_sample_rule_is_read_and_only_a_rule_beyond_the_default_changes_the_content_hash()
    {
        Assert.True(SweepFile.Parse(Minimal, "t.yaml", "/").Samples.IsRule);
        var plain = SweepFile.Parse(Minimal.Replace("methods:", "samples: { classes: [1] }\nmethods:"), "t.yaml", "/");
        var all = SweepFile.Parse(Minimal.Replace("methods:", "samples: { classes: [1], split: all }\nmethods:"), "t.yaml", "/");
        var paper = SweepFile.Parse(Minimal.Replace("methods:", "samples: { split: validation, min_confidence: 0.9, limit: 5 }\nmethods:"), "t.yaml", "/");
        var other = SweepFile.Parse(Minimal.Replace("methods:", "samples: { split: validation, min_confidence: 0.8, limit: 5 }\nmethods:"), "t.yaml", "/");

        Assert.Equal(plain.ContentHash, all.ContentHash);
        Assert.Equal(("validation", 0.9, 5), (paper.Samples.Split, paper.Samples.MinConfidence, paper.Samples.Limit));
        Assert.Null(plain.Samples.MinConfidence);
        Assert.NotEqual(paper.ContentHash, other.ContentHash);
        Assert.NotEqual(plain.ContentHash, paper.ContentHash);
    }

    [Fact]
    public void Broken_yaml_is_reported_with_its_line()
    {
        var e = Assert.Throws<InputException>(() => SweepFile.Parse("name: a\ndata: [unclosed\nmodel: b\n", "bad.yaml", "/"));
        Assert.Equal("bad.yaml", e.File);
        Assert.NotNull(e.Line);
        Assert.InRange(e.Line!.Value, 2, 4);
    }

    [Fact]
    public void Missing_file_is_an_input_error_naming_it()
    {
        var e = Assert.Throws<InputException>(() => SweepFile.Load("/no/such/sweep.yaml"));
        Assert.Equal("/no/such/sweep.yaml", e.File);
    }
}
