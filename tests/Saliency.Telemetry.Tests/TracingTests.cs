using System.Diagnostics;

namespace Saliency.Telemetry.Tests;

/// <summary>One span per shard with a child span per method; ids live on spans, never on metrics.</summary>
public sealed class TracingTests
{
    [Fact]
    public void A_shard_span_carries_its_ids_and_parents_its_method_spans()
    {
        var stopped = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == SaliencyTracing.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (stopped) { stopped.Add(a); } },
        };
        ActivitySource.AddActivityListener(listener);

        string shardSpanId;
        using (var shard = SaliencyTracing.StartShard("sweep-tracing-test", "trial-7", shardIndex: 3, sampleCount: 16))
        {
            Assert.NotNull(shard);
            shardSpanId = shard.SpanId.ToString();
            foreach (var method in new[] { "gradcam", "scorecam" })
            {
                using var span = SaliencyTracing.StartMethod(method, "cuda:0");
            }
        }

        List<Activity> mine;
        lock (stopped)
        {
            mine = [.. stopped.Where(a => a.SpanId.ToString() == shardSpanId || a.ParentSpanId.ToString() == shardSpanId)];
        }

        var shardSpan = Assert.Single(mine, a => a.OperationName == "saliency.shard");
        Assert.Equal("sweep-tracing-test", shardSpan.GetTagItem("saliency.sweep.id"));
        Assert.Equal("trial-7", shardSpan.GetTagItem("saliency.trial.id"));
        Assert.Equal(3, shardSpan.GetTagItem("saliency.shard.index"));
        var methods = mine.Where(a => a.OperationName == "saliency.method").ToList();
        Assert.Equal(["gradcam", "scorecam"], methods.Select(a => (string)a.GetTagItem("method")!));
        Assert.All(methods, a => Assert.Equal("cuda:0", a.GetTagItem("device")));
    }
}
