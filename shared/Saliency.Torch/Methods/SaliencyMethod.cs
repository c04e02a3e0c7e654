using System.Diagnostics;
using Saliency.Core;
using Saliency.Core.Methods;
using Saliency.Torch.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Saliency.Torch.Methods;

/// <summary>
/// A saliency method with fixed parameters (one <see cref="MethodVariant"/>). <see cref="Explain"/> takes one
/// 1 x 3 x H x W input in the classifier's input space and returns an H x W float32 map for the target class
/// (the predicted class, i.e. the arg-max logit of the clean input, unless a target is given). Instances are
/// created by <see cref="SaliencyMethods.Create(MethodVariant)"/>; they hold no tensors and can be reused, but a
/// classifier serves one explanation at a time.
/// </summary>
public abstract class SaliencyMethod
{
    private protected SaliencyMethod(MethodVariant variant) => Variant = variant;

    /// <summary>Canonical method name (e.g. <c>SmoothGrad</c>).</summary>
    public string Name => Variant.Method;

    /// <summary>Method and parameters; <see cref="MethodVariant.Id"/> keys results.</summary>
    public MethodVariant Variant { get; }

    /// <summary>
    /// Computes the map. All tensors the computation creates are disposed before returning; the timing covers the
    /// computation and the single copy of the map to a managed array (device synchronised before the clock stops).
    /// </summary>
    /// <exception cref="ArgumentException">The input is not 1 x 3 x H x W.</exception>
    /// <exception cref="InputException">The target is not a class of the classifier.</exception>
    public SaliencyResult Explain(Classifier classifier, Tensor input, int? target = null)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(input);
        if (input.dim() != 4 || input.shape[0] != 1 || input.shape[1] != 3)
        {
            throw new ArgumentException($"expected a 1 x 3 x H x W input, got [{string.Join(", ", input.shape)}]", nameof(input));
        }

        if (target is { } t && (t < 0 || t >= classifier.NumClasses))
        {
            throw new InputException($"target class {t} is outside 0..{classifier.NumClasses - 1}", field: "target");
        }

        int height = (int)input.shape[2], width = (int)input.shape[3];
        using var scope = NewDisposeScope();
        var passes = new PassCounter();
        var clock = Stopwatch.StartNew();
        var x = input.detach().to(classifier.Device);
        var result = Compute(classifier, x, target, passes);
        classifier.Synchronize();
        var map = result.Map.detach().to(ScalarType.Float32).cpu().data<float>().ToArray();
        clock.Stop();
        if (map.Length != height * width)
        {
            throw new InvalidOperationException($"{Name} produced {map.Length} values for a {height}x{width} input");
        }

        var probabilities = result.Probabilities?.detach().to(ScalarType.Float32).cpu().data<float>().ToArray();
        return new SaliencyResult(map, height, width, result.Target, probabilities,
            passes.Forward, passes.Backward, passes.MaxBatch, clock.Elapsed.TotalSeconds, passes.Passes);
    }

    public override string ToString() => Variant.Id;

    /// <summary>
    /// The method's work on <paramref name="input"/> (1 x 3 x H x W on the classifier's device, no gradient
    /// history). Runs inside a dispose scope; counts every network pass in <paramref name="passes"/>.
    /// </summary>
    private protected abstract Computation Compute(Classifier classifier, Tensor input, int? target, PassCounter passes);

    /// <summary>Arg-max class of row 0 of <paramref name="logits"/> unless a target is given.</summary>
    private protected static int ResolveTarget(Tensor logits, int? target) =>
        target ?? (int)logits[0].argmax().item<long>();

    /// <summary>Softmax of row 0 of <paramref name="logits"/> (detached).</summary>
    private protected static Tensor Probabilities(Tensor logits) =>
        nn.functional.softmax(logits[0].detach(), 0);

    /// <summary>Forward pass without gradient for the prediction and probabilities of the clean input.</summary>
    private protected static (int Target, Tensor Probabilities) Predict(Classifier classifier, Tensor input, int? target, PassCounter passes)
    {
        using var noGrad = no_grad();
        var logits = classifier.Forward(input);
        passes.CountForward(input.shape[0]);
        return (ResolveTarget(logits, target), Probabilities(logits));
    }

    /// <summary>1 x 3 x H x W attribution to an H x W map: the sum over the three (repeated grey) channels.</summary>
    private protected static Tensor ChannelSum(Tensor attribution) => attribution.sum(1)[0];

    /// <summary>What <see cref="Compute"/> returns: the H x W map, the explained class, and optional probabilities.</summary>
    private protected sealed record Computation(Tensor Map, int Target, Tensor? Probabilities);
}
