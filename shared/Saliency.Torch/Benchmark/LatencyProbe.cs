using System.Diagnostics;
using Saliency.Core.Methods;
using Saliency.Torch.Methods;
using Saliency.Torch.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Saliency.Torch.Benchmark;

/// <summary>
/// Measures method latency against the time of the network passes each method makes. For a variant, the sequence
/// of passes it logged (<see cref="SaliencyResult.Passes"/>) is replayed with plain passes on the same input
/// (no_grad forwards; forwards that record the graph, each followed by its backward = <c>autograd.grad</c> of the
/// summed target logits w.r.t. the input). After one warm-up of each, explanation and replay alternate
/// <c>repeats</c> times, so both see the same machine load (the sandbox is shared); the ratio is the median of
/// the paired ratios. GradCAM's backward stops at layer4 but is replayed as a full backward.
/// <see cref="PassSeconds"/> times single passes for a table of per-batch costs.
/// </summary>
public sealed class LatencyProbe
{
    private readonly Classifier _classifier;
    private readonly Tensor _input;
    private readonly int _repeats;

    /// <param name="classifier">The network (device and threads as they will be used).</param>
    /// <param name="input">A 1 x 3 x H x W input on the classifier's device; batches repeat it.</param>
    /// <param name="repeats">Timed runs per measurement (median), after one warm-up.</param>
    public LatencyProbe(Classifier classifier, Tensor input, int repeats = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        _classifier = classifier;
        _input = input;
        _repeats = repeats;
    }

    /// <summary>Median seconds of one pass of <paramref name="kind"/> over <paramref name="batch"/> inputs
    /// (a backward is timed after an untimed forward that records the graph).</summary>
    public double PassSeconds(PassKind kind, int batch)
    {
        var passes = kind == PassKind.Backward
            ? new[] { new NetworkPass(PassKind.Forward, batch), new NetworkPass(PassKind.Backward, batch) }
            : [new NetworkPass(kind, batch)];
        var times = new double[_repeats];
        for (int i = -1; i < _repeats; i++)
        {
            var t = Replay(passes, only: kind);
            if (i >= 0)
            {
                times[i] = t;
            }
        }

        return Median(times);
    }

    /// <summary>
    /// Explains each variant once and replays its passes, results discarded: run before the first measurement so
    /// that the process's heap has grown to what the largest batches need, which would otherwise land on the first
    /// variants measured (page faults while the C heap grows).
    /// </summary>
    public void WarmUp(IEnumerable<MethodVariant> variants, int? target = 0)
    {
        foreach (var variant in variants)
        {
            Replay(SaliencyMethods.Create(variant).Explain(_classifier, _input, target).Passes);
        }
    }

    /// <summary>Times <paramref name="variant"/> on the probe input for <paramref name="target"/> against a replay of its passes.</summary>
    public MethodLatency Measure(MethodVariant variant, int? target = 0)
    {
        var method = SaliencyMethods.Create(variant);
        var warmUp = method.Explain(_classifier, _input, target);
        Replay(warmUp.Passes);
        var methodTimes = new double[_repeats];
        var replayTimes = new double[_repeats];
        var ratios = new double[_repeats];
        for (int i = 0; i < _repeats; i++)
        {
            methodTimes[i] = method.Explain(_classifier, _input, target).Seconds;
            replayTimes[i] = Replay(warmUp.Passes);
            ratios[i] = methodTimes[i] / replayTimes[i];
        }

        return new MethodLatency(method.Variant.Id, method.Name, warmUp.ForwardPasses, warmUp.BackwardPasses,
            warmUp.BatchSize, Median(methodTimes), Median(replayTimes), Median(ratios));
    }

    /// <summary>
    /// Runs the passes in order and returns the seconds spent in them (all of them, or only in passes of kind
    /// <paramref name="only"/>). Inputs are built outside the timed regions.
    /// </summary>
    private double Replay(IReadOnlyList<NetworkPass> passes, PassKind? only = null)
    {
        using var scope = NewDisposeScope();
        double seconds = 0;
        Tensor? pendingObjective = null, pendingLeaf = null;
        foreach (var pass in passes)
        {
            using var passScope = NewDisposeScope();
            Tensor? leaf = null;
            if (pass.Kind != PassKind.Backward)
            {
                leaf = _input.expand(pass.Batch, -1, -1, -1).contiguous();
                if (pass.Kind == PassKind.Forward)
                {
                    leaf.requires_grad_(true);
                }

                _classifier.Synchronize();
            }

            var clock = Stopwatch.StartNew();
            switch (pass.Kind)
            {
                case PassKind.ForwardNoGrad:
                    using (no_grad())
                    {
                        _classifier.Forward(leaf!);
                    }

                    break;
                case PassKind.Forward:
                    pendingObjective = _classifier.Forward(leaf!).select(1, 0).sum().MoveToOuterDisposeScope();
                    pendingLeaf = leaf!.MoveToOuterDisposeScope();
                    break;
                case PassKind.Backward:
                    autograd.grad([pendingObjective!], [pendingLeaf!]);
                    break;
            }

            _classifier.Synchronize();
            if (only is null || only == pass.Kind)
            {
                seconds += clock.Elapsed.TotalSeconds;
            }
        }

        return seconds;
    }

    private static double Median(double[] values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
    }
}
