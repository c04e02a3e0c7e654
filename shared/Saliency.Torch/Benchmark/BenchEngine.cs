using Saliency.Core.Methods;
using Saliency.Core.Metrics;
using Saliency.Torch.Methods;
using Saliency.Torch.Model;
using static TorchSharp.torch;

namespace Saliency.Torch.Benchmark;

/// <summary>
/// The benchmark loop shared by <c>saliency bench</c> and the cluster's work grains: for each sample (in the order
/// given), one untimed no_grad forward predicts the class, then every variant explains that class and its raw map
/// is scored once under every normalisation (distance and energy pointing games against the sample's mask).
/// Before the first sample, each variant runs once on it as a warm-up whose result is discarded. The engine does
/// not own the classifier; it runs on the caller's thread, one map at a time.
/// </summary>
public sealed class BenchEngine
{
    private readonly Classifier _classifier;
    private readonly IReadOnlyList<SaliencyMethod> _methods;
    private readonly IReadOnlyList<Normalisation> _normalisations;

    /// <exception cref="Core.InputException">A variant is not a valid method/parameter combination.</exception>
    public BenchEngine(Classifier classifier, IReadOnlyList<MethodVariant> variants, IReadOnlyList<Normalisation>? normalisations = null)
    {
        _classifier = classifier;
        _methods = variants.Select(SaliencyMethods.Create).ToList();
        _normalisations = normalisations ?? Normalisation.Table3;
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
                progress?.Invoke(new BenchProgress(++done, total, index, method.Variant.Id, saliency.Seconds, WarmUp: false));
                yield return new BenchResult(patch, method.Variant, saliency, scores);
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
