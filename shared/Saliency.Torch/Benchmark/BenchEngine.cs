using Saliency.Core.Methods;
using Saliency.Core.Metrics;
using Saliency.Torch.Evaluation;
using Saliency.Torch.Methods;
using Saliency.Torch.Model;
using static TorchSharp.torch;

namespace Saliency.Torch.Benchmark;

/// <summary>
/// The benchmark loop shared by <c>saliency bench</c> and the cluster's work grains: for each sample (in the order
/// given), one untimed no_grad forward predicts the class, then every variant explains that class and its raw map
/// is scored once under every normalisation (distance and energy pointing games against the sample's mask) and,
/// when asked, by the model metrics (deletion, insertion, ROAD, sanity) on the same input, target and method.
/// Before the first sample, each variant runs once on it as a warm-up whose result is discarded. The engine does
/// not own the classifier; it runs on the caller's thread, one map at a time.
/// </summary>
public sealed class BenchEngine
{
    private readonly Classifier _classifier;
    private readonly IReadOnlyList<SaliencyMethod> _methods;
    private readonly IReadOnlyList<Normalisation> _normalisations;
    private readonly IReadOnlyList<MetricComputation> _metrics;

    /// <param name="metrics">Model metrics (faithfulness, sanity; catalogue ids) computed on every raw map after it is
    /// timed; their time is not the map's. The pointing games are always scored.</param>
    /// <exception cref="Core.InputException">A variant is not a valid method/parameter combination, or a metric is
    /// unknown, badly parameterised or a pointing game.</exception>
    public BenchEngine(
        Classifier classifier, IReadOnlyList<MethodVariant> variants, IReadOnlyList<Normalisation>? normalisations = null, IReadOnlyList<string>? metrics = null)
    {
        _classifier = classifier;
        _methods = variants.Select(SaliencyMethods.Create).ToList();
        _normalisations = normalisations ?? Normalisation.Table3;
        _metrics = [.. (metrics ?? []).Select(MetricComputations.Create)];
    }

    /// <summary>The variants run, canonicalised, in order.</summary>
    public IReadOnlyList<MethodVariant> Variants => _methods.Select(m => m.Variant).ToList();

    public IReadOnlyList<Normalisation> Normalisations => _normalisations;

    /// <summary>Runs every variant on every sample, lazily, sample-major.</summary>
    public IEnumerable<BenchResult> Run(
        IPatchProvider patches, IReadOnlyList<int> samples, Action<BenchProgress>? progress = null, bool warmUp = true, CancellationToken cancel = default)
    {
        if (samples.Count == 0)
        {
            yield break;
        }

        int total = samples.Count * _methods.Count, done = 0;
        if (warmUp)
        {
            var first = patches.Get(samples[0]);
            using var input = _classifier.ToInput(first.Pixels, first.Height, first.Width);
            int target = Predict(input);
            foreach (var method in _methods)
            {
                cancel.ThrowIfCancellationRequested();
                var r = method.Explain(_classifier, input, target);
                progress?.Invoke(new BenchProgress(0, total, first.Index, method.Variant.Id, r.Seconds, WarmUp: true));
            }
        }

        foreach (var index in samples)
        {
            var patch = patches.Get(index);
            if (patch.Mask.Length != patch.Pixels.Length)
            {
                throw new ArgumentException($"sample {index}: mask has {patch.Mask.Length} pixels, patch {patch.Pixels.Length}");
            }

            var field = MaskDistanceField.FromMask(patch.Mask, patch.Height, patch.Width);
            using var input = _classifier.ToInput(patch.Pixels, patch.Height, patch.Width);
            int target = Predict(input);
            foreach (var method in _methods)
            {
                cancel.ThrowIfCancellationRequested();
                var saliency = method.Explain(_classifier, input, target);
                var scores = PointingGame.ScoreAll(saliency.Map, field, _normalisations);
                var metrics = _metrics.Select(m => m.Compute(_classifier, input, saliency.Map, target, method)).ToList();
                progress?.Invoke(new BenchProgress(++done, total, index, method.Variant.Id, saliency.Seconds, WarmUp: false));
                yield return new BenchResult(patch, method.Variant, saliency, scores) { Metrics = metrics };
            }
        }
    }

    private int Predict(Tensor input)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return (int)_classifier.Forward(input)[0].argmax().item<long>();
    }
}
