using System.Diagnostics;
using Saliency.Core;
using Saliency.Core.Metrics.Catalogue;
using Saliency.Torch.Methods;
using Saliency.Torch.Model;
using static TorchSharp.torch;

namespace Saliency.Torch.Evaluation;

/// <summary>
/// A faithfulness or sanity metric with fixed parameters (one <see cref="MetricVariant"/>), computed next to the
/// map it judges. Created by <see cref="MetricComputations.Create(MetricVariant)"/>; holds no tensors and can be
/// reused, but a classifier serves one computation at a time (the sanity check changes its weights while it runs
/// and restores them bit for bit before returning, also when it fails).
/// </summary>
public abstract class MetricComputation
{
    private protected MetricComputation(MetricSettings settings) => Settings = settings;

    /// <summary>The bound parameters; <see cref="MetricSettings.Variant"/> keys results.</summary>
    public MetricSettings Settings { get; }

    public MetricVariant Variant => Settings.Variant;

    /// <summary>True when <see cref="Compute"/> needs the method that made the map (the sanity check).</summary>
    public virtual bool NeedsMethod => false;

    /// <summary>
    /// Computes the metric for <paramref name="map"/> (the raw H x W map, row-major, as
    /// <see cref="SaliencyResult.Map"/> holds it) of <paramref name="input"/> (1 x 3 x H x W in the classifier's
    /// input space) explaining class <paramref name="target"/>. <paramref name="method"/> is the method that made the
    /// map; only the sanity check reads it (it re-explains the input with it). Every tensor the computation creates
    /// is disposed before returning.
    /// </summary>
    /// <exception cref="ArgumentException">Input not 1 x 3 x H x W, map of another size or not finite, or no method
    /// where one is needed.</exception>
    /// <exception cref="InputException">The target is not a class of the classifier.</exception>
    public MetricResult Compute(Classifier classifier, Tensor input, float[] map, int target, SaliencyMethod? method = null)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(input);
        if (target < 0 || target >= classifier.NumClasses)
        {
            throw new InputException($"target class {target} is outside 0..{classifier.NumClasses - 1}", field: "target");
        }

        if (NeedsMethod && method is null)
        {
            throw new ArgumentException($"{Variant.Id} re-explains the input: give the method that made the map", nameof(method));
        }

        Func<float[]>? explain = method is null ? null : () => method.Explain(classifier, input, target).Map;
        return Compute(input, map, target, classifier.Forward, classifier.Network, explain, classifier.Device, classifier.Synchronize);
    }

    /// <summary>
    /// <see cref="Compute(Classifier, Tensor, float[], int, SaliencyMethod?)"/> with the model given as functions:
    /// <paramref name="logits"/> maps an N x 3 x H x W batch to N x classes logits; the sanity check also needs the
    /// network to randomise and <paramref name="explain"/>, which re-explains the input on it. The input is moved to
    /// <paramref name="device"/> when one is given.
    /// </summary>
    internal MetricResult Compute(Tensor input, float[] map, int target, Func<Tensor, Tensor> logits,
        ResNet18? network = null, Func<float[]>? explain = null, Device? device = null, Action? synchronize = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(logits);
        if (input.dim() != 4 || input.shape[0] != 1 || input.shape[1] != 3)
        {
            throw new ArgumentException($"expected a 1 x 3 x H x W input, got [{string.Join(", ", input.shape)}]", nameof(input));
        }

        long pixels = input.shape[2] * input.shape[3];
        if (map.Length != pixels)
        {
            throw new ArgumentException($"a map of {map.Length} values for a {input.shape[2]} x {input.shape[3]} input", nameof(map));
        }

        if (Array.FindIndex(map, v => !float.IsFinite(v)) is var bad and >= 0)
        {
            throw new ArgumentException($"map value {bad} is not finite", nameof(map));
        }

        if (NeedsMethod && (network is null || explain is null))
        {
            throw new ArgumentException($"{Variant.Id} needs the network and the method that made the map", nameof(explain));
        }

        var clock = Stopwatch.StartNew();
        MetricInput metricInput;
        IReadOnlyList<MetricValue> values;
        using (var scope = NewDisposeScope())
        {
            metricInput = new MetricInput(device is null ? input.detach() : input.detach().to(device), map, target, logits, network, explain);
            values = Compute(metricInput);
            synchronize?.Invoke();
        }

        clock.Stop();
        var expected = Settings.Values;
        if (!values.Select(v => v.Name).SequenceEqual(expected))
        {
            throw new InvalidOperationException($"{Variant.Id} produced [{string.Join(", ", values.Select(v => v.Name))}], its declaration says [{string.Join(", ", expected)}]");
        }

        return new MetricResult(Variant, values, [.. metricInput.Passes.Passes], metricInput.Explanations, metricInput.Imputations, clock.Elapsed.TotalSeconds);
    }

    public override string ToString() => Variant.Id;

    /// <summary>The metric's work; runs inside a dispose scope; counts its passes, explanations and imputations in <paramref name="input"/>.</summary>
    private protected abstract IReadOnlyList<MetricValue> Compute(MetricInput input);
}
