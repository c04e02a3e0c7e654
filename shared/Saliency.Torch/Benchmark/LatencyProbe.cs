using System.Diagnostics;
using Saliency.Core.Benchmark;
using Saliency.Torch.Methods;
using Saliency.Torch.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Saliency.Torch.Benchmark;

/// <summary>
/// Measures method latency against the time of the network passes each method makes. Pass times are measured on
/// their own, per kind and batch size, as the median of <c>repeats</c> runs after one warm-up: a no_grad forward,
/// a forward recording the graph, and the backward (autograd.grad of the summed target logits w.r.t. the input)
/// through that graph. A method's predicted time is the sum over its logged passes
/// (<see cref="SaliencyResult.Passes"/>). GradCAM's backward stops at layer4 but is priced as a full backward.
/// On a shared machine the load drifts, so <see cref="Measure"/> re-measures the passes a variant uses right after
/// timing it (<see cref="PassSeconds"/> caches only between calls of <see cref="Measure"/>).
/// </summary>
public sealed class LatencyProbe
{
    private readonly Classifier _classifier;
    private readonly Tensor _input;
    private readonly int _repeats;
    private readonly Dictionary<NetworkPass, double> _passSeconds = [];

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

    /// <summary>Median seconds of one pass of <paramref name="kind"/> over <paramref name="batch"/> inputs.</summary>
    public double PassSeconds(PassKind kind, int batch)
    {
        var key = new NetworkPass(kind, batch);
        if (!_passSeconds.TryGetValue(key, out var seconds))
        {
            var (noGrad, forward, backward) = MeasurePasses(batch);
            _passSeconds[new NetworkPass(PassKind.ForwardNoGrad, batch)] = noGrad;
            _passSeconds[new NetworkPass(PassKind.Forward, batch)] = forward;
            _passSeconds[new NetworkPass(PassKind.Backward, batch)] = backward;
            seconds = _passSeconds[key];
        }

        return seconds;
    }

    /// <summary>One warm-up and <c>repeats</c> timed explanations of the probe input for <paramref name="target"/>.</summary>
    public MethodLatency Measure(MethodVariant variant, int? target = 0)
    {
        var method = SaliencyMethods.Create(variant);
        _passSeconds.Clear();
        var warmUp = method.Explain(_classifier, _input, target);
        var times = new double[_repeats];
        for (int i = 0; i < _repeats; i++)
        {
            times[i] = method.Explain(_classifier, _input, target).Seconds;
        }

        double predicted = warmUp.Passes.Sum(p => PassSeconds(p.Kind, p.Batch));
        return new MethodLatency(method.Variant.Id, method.Name, warmUp.ForwardPasses, warmUp.BackwardPasses,
            warmUp.BatchSize, Median(times), predicted);
    }

    private (double NoGrad, double Forward, double Backward) MeasurePasses(int batch)
    {
        var noGrad = new double[_repeats];
        var forward = new double[_repeats];
        var backward = new double[_repeats];
        for (int i = -1; i < _repeats; i++)
        {
            using var scope = NewDisposeScope();
            var x = _input.expand(batch, -1, -1, -1).contiguous();
            var clock = Stopwatch.StartNew();
            using (no_grad())
            {
                _classifier.Forward(x);
            }

            _classifier.Synchronize();
            var tNoGrad = clock.Elapsed.TotalSeconds;

            var leaf = x.detach().requires_grad_(true);
            clock.Restart();
            var logits = _classifier.Forward(leaf);
            _classifier.Synchronize();
            var tForward = clock.Elapsed.TotalSeconds;

            clock.Restart();
            autograd.grad([logits.select(1, 0).sum()], [leaf]);
            _classifier.Synchronize();
            var tBackward = clock.Elapsed.TotalSeconds;
            if (i >= 0)
            {
                (noGrad[i], forward[i], backward[i]) = (tNoGrad, tForward, tBackward);
            }
        }

        return (Median(noGrad), Median(forward), Median(backward));
    }

    private static double Median(double[] values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
    }
}
