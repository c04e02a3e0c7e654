using Saliency.Core.Methods;
using Saliency.Core.Methods.Declarations;
using Saliency.Torch.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Saliency.Torch.Methods;

/// <summary>
/// SmoothGrad (Smilkov et al. 2017): the mean of <c>n</c> vanilla gradients of <c>input + N(0, sigma^2)</c>,
/// sigma = <c>noise</c> x (max - min of the input), channel-summed. Noise comes from a torch generator seeded with
/// <c>seed</c> on the classifier's device; sample i always draws its own 1 x 3 x H x W noise in order, so batched
/// and unbatched runs with the same seed see identical noise. Unbatched: n passes of batch 1 each way; batched:
/// one pass of batch n each way. When no target is given one extra forward (batch 1, no gradient) predicts it.
/// </summary>
public sealed class SmoothGrad : SaliencyMethod
{
    private readonly int _samples;
    private readonly bool _batched;
    private readonly double _noise;
    private readonly int _seed;

    internal SmoothGrad(ParameterValues parameters)
        : base(parameters.Variant)
    {
        _samples = parameters.Int(SmoothGradDeclaration.N);
        _batched = parameters.Bool(SmoothGradDeclaration.Batched);
        _noise = parameters.Real(SmoothGradDeclaration.Noise);
        _seed = parameters.Int(SmoothGradDeclaration.Seed);
    }

    private protected override Computation Compute(Classifier classifier, Tensor input, int? target, PassCounter passes)
    {
        Tensor? probabilities = null;
        if (target is null)
        {
            (var predicted, probabilities) = Predict(classifier, input, null, passes);
            target = predicted;
        }

        var sigma = (input.max() - input.min()) * _noise;
        using var generator = new Generator((ulong)_seed, input.device);
        var shape = input.shape;
        Tensor total;
        if (_batched)
        {
            var noise = cat(Enumerable.Range(0, _samples).Select(_ => Noise(generator, input)).ToArray(), 0);
            var (gradient, _, _) = InputGradient.Compute(classifier, input + (noise * sigma), target, passes);
            total = gradient.sum(0, keepdim: true);
        }
        else
        {
            total = zeros(shape, input.dtype, input.device);
            for (int i = 0; i < _samples; i++)
            {
                using var sampleScope = NewDisposeScope();
                var (gradient, _, _) = InputGradient.Compute(classifier, input + (Noise(generator, input) * sigma), target, passes);
                total.add_(gradient);
            }
        }

        return new Computation(ChannelSum(total / _samples), target.Value, probabilities);
    }

    private static Tensor Noise(Generator generator, Tensor like) =>
        randn(like.shape, like.dtype, like.device, generator: generator);
}
