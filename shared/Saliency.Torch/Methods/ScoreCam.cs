using Saliency.Core.Methods;
using Saliency.Core.Methods.Declarations;
using Saliency.Torch.Model;
using static TorchSharp.torch;

namespace Saliency.Torch.Methods;

/// <summary>
/// Score-CAM (Wang et al. 2020), as in the authors' code: each activation map A_k of <c>layer</c> (default
/// layer4; 512 maps) is upsampled bilinearly (align_corners=false) to H x W and min-max scaled to [0, 1] (a
/// constant map gives an all-zero mask); the input is multiplied by each mask (in the classifier's input space,
/// before normalisation) and the masked inputs are forwarded under no_grad in batches of <c>batch</c>;
/// weight_k = softmax probability of the target class for mask k. Map = ReLU(sum_k weight_k A_k) upsampled.
/// pytorch-grad-cam differs in two ways, each a parameter: <c>weights=logit-softmax</c> takes the target logit per
/// masked input and a softmax over the K masks as weights, and <c>masks=bilinear-align-corners</c> upsamples the
/// masks with align_corners=true (its <c>UpsamplingBilinear2d</c>).
/// Passes: 1 capturing forward + ceil(K / batch) masked forwards, no backward.
/// </summary>
public sealed class ScoreCam : SaliencyMethod
{
    private readonly int _batch;
    private readonly string _layer;
    private readonly bool _logitSoftmax;
    private readonly bool _alignCorners;

    internal ScoreCam(ParameterValues parameters)
        : base(parameters.Variant)
    {
        _batch = parameters.Int(ScoreCamDeclaration.Batch);
        _layer = parameters.Choice(ScoreCamDeclaration.Layer);
        _logitSoftmax = parameters.Choice(ScoreCamDeclaration.Weights) == ScoreCamDeclaration.LogitSoftmaxWeights;
        _alignCorners = parameters.Choice(ScoreCamDeclaration.Masks) == ScoreCamDeclaration.AlignCornersMasks;
    }

    private protected override Computation Compute(Classifier classifier, Tensor input, int? target, PassCounter passes)
    {
        using var noGrad = no_grad();
        var (logits, captured) = classifier.ForwardCapturing(input, _layer);
        passes.CountForward(1);
        var activations = captured!;
        int t = ResolveTarget(logits, target);
        long channels = activations.shape[1], height = input.shape[2], width = input.shape[3];
        var weights = empty(channels, input.dtype, input.device);
        for (long start = 0; start < channels; start += _batch)
        {
            using var chunkScope = NewDisposeScope();
            long count = Math.Min(_batch, channels - start);
            var maps = CamLayers.Upsample(activations[0].narrow(0, start, count).unsqueeze(1), height, width, _alignCorners);
            var low = maps.amin([1, 2, 3], keepdim: true);
            var range = maps.amax([1, 2, 3], keepdim: true) - low;
            var constant = range == 0;
            var masks = where(constant, zeros_like(maps), (maps - low) / where(constant, ones_like(range), range));
            var maskedLogits = classifier.Forward(input * masks);
            var scores = _logitSoftmax ? maskedLogits.select(1, t) : nn.functional.softmax(maskedLogits, 1).select(1, t);
            passes.CountForward(count);
            weights.narrow(0, start, count).copy_(scores);
        }

        if (_logitSoftmax)
        {
            weights = nn.functional.softmax(weights, 0);
        }

        return new Computation(CamLayers.WeightedMap(activations, weights, height, width), t, Probabilities(logits));
    }
}
