using System.Diagnostics;
using Saliency.Silo.Hosting;
using Saliency.TestFixtures;

namespace Saliency.Telemetry.Tests;

/// <summary>
/// Spans of a real sweep: the CLI's command span, carried through the grain calls into an in-process silo (embedded
/// cluster, synthetic evaluator), where every shard is one span with one method child span.
/// </summary>
public sealed class SweepTracingTests
{
    [Fact]
    public async Task A_cli_sweep_produces_one_shard_span_per_shard_with_a_method_child_in_the_command_trace()
    {
        var stopped = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == SaliencyTracing.ActivitySourceName || SaliencyTracing.OrleansActivitySources.Contains(s.Name),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                lock (stopped)
                {
                    stopped.Add(a);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        using var dir = new TempDir();
        await using var cluster = await EmbeddedCluster.StartAsync(o =>
            {
                o.Silo.ClusterId = "saliency-dev";
                o.Executor.Evaluator = "synthetic";
                o.Executor.SyntheticSecondsPerSample = 0.001;
                o.Results.Directory = dir.File("results");
            });
        const int samples = 10, shardSize = 4;
        string[] methods = ["VanillaGrad", "GradCAM", "ScoreCAM"];
        var sweepFile = dir.File("trace.yaml");
        File.WriteAllText(sweepFile, $$"""
            name: telemetry-trace
            data: /nowhere/patches.spb
            model: /nowhere/model.ckpt
            samples: { limit: {{samples}} }
            normalisations: [All-100]
            shard_size: {{shardSize}}
            methods:
            {{string.Join("\n", methods.Select(m => "  - method: " + m))}}
            """);

        var (code, output, error) = await Task.Run(() => Cli.Run("sweep", "submit", sweepFile, "--cluster", $"127.0.0.1:{cluster.GatewayPort}", "--watch"));
        Assert.True(code == 0, output + error);
        var sweepId = output.Split(' ', ':', '\n')[1];

        List<Activity> spans;
        lock (stopped)
        {
            spans = [.. stopped];
        }

        var command = Assert.Single(spans, a => a.OperationName == "saliency.cli.sweep.submit" && (string?)a.GetTagItem("saliency.sweep.id") == sweepId);
        var shards = spans.Where(a => a.OperationName == "saliency.shard" && (string?)a.GetTagItem("saliency.sweep.id") == sweepId).ToList();

        // ceil(samples / shardSize) shards per trial, one trial per method, each computed once.
        var shardsPerTrial = (samples + shardSize - 1) / shardSize;
        Assert.Equal(shardsPerTrial * methods.Length, shards.Count);
        Assert.Equal(shards.Count, shards.Select(s => ((string)s.GetTagItem("saliency.trial.id")!, (int)s.GetTagItem("saliency.shard.index")!)).Distinct().Count());
        Assert.All(shards, s => Assert.Equal(command.TraceId, s.TraceId));

        var methodSpans = spans.Where(a => a.OperationName == "saliency.method").ToList();
        foreach (var shard in shards)
        {
            var child = Assert.Single(methodSpans, m => m.ParentSpanId == shard.SpanId);
            Assert.Equal(shard.TraceId, child.TraceId);
            Assert.Equal("cpu", child.GetTagItem("device"));
        }

        // Each method's children: one per shard of its trial.
        var childMethods = shards.Select(s => (string)methodSpans.Single(m => m.ParentSpanId == s.SpanId).GetTagItem("method")!).ToList();
        Assert.All(methods, m => Assert.Equal(shardsPerTrial, childMethods.Count(c => c == m)));
    }
}
