namespace Saliency.Core.Methods.Declarations;

/// <summary>
/// Score-CAM (Wang et al. 2020): one forward capturing the target layer, then one no-gradient forward per channel of
/// it (the input masked with that channel's upsampled activation), <see cref="Batch"/> masked inputs per pass.
/// </summary>
public static class ScoreCamDeclaration
{
    /// <summary>Weight of a mask = softmax probability of the target class for the masked input (the authors' code).</summary>
    public const string ProbabilityWeights = "probability";

    /// <summary>Weights = softmax over the masks of the target logit of each masked input (pytorch-grad-cam).</summary>
    public const string LogitSoftmaxWeights = "logit-softmax";

    /// <summary>Masks upsampled bilinearly with align_corners=false (as the CAM maps themselves).</summary>
    public const string BilinearMasks = "bilinear";

    /// <summary>Masks upsampled bilinearly with align_corners=true (pytorch-grad-cam's UpsamplingBilinear2d).</summary>
    public const string AlignCornersMasks = "bilinear-align-corners";

    public static MethodParameter Batch { get; } =
        MethodParameter.Integer("batch", 25, 1, 4096, "masked inputs per forward pass", batchingOnly: true);

    public static MethodParameter Layer => CamLayer.Parameter;

    public static MethodParameter Weights { get; } =
        MethodParameter.Choice("weights", ProbabilityWeights, [ProbabilityWeights, LogitSoftmaxWeights],
            "mask weights: target probability per masked input (authors' code) or softmax over the masks of the target logit (pytorch-grad-cam)");

    public static MethodParameter Masks { get; } =
        MethodParameter.Choice("masks", BilinearMasks, [BilinearMasks, AlignCornersMasks],
            "mask upsampling: bilinear with align_corners=false, or =true (pytorch-grad-cam)");

    public static MethodDeclaration Method { get; } = new(
        "ScoreCAM",
        "activation maps weighted by the class probability of the input masked with them",
        [Batch, Layer, Weights, Masks],
        p =>
        {
            int channels = CamLayer.Channels(p.Choice(Layer)), batch = p.Int(Batch);
            return new MethodCost(1 + ((channels + batch - 1) / batch), 1 + channels, 0, 0);
        });
}
