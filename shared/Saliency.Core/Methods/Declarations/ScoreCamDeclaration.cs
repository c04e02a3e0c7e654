namespace Saliency.Core.Methods.Declarations;

/// <summary>
/// Score-CAM (Wang et al. 2020): one forward capturing the target layer, then one no-gradient forward per channel of
/// it (the input masked with that channel's upsampled activation), <see cref="Batch"/> masked inputs per pass.
/// </summary>
public static class ScoreCamDeclaration
{
    public static MethodParameter Batch { get; } =
        MethodParameter.Integer("batch", 25, 1, 4096, "masked inputs per forward pass", batchingOnly: true);

    public static MethodParameter Layer => CamLayer.Parameter;

    public static MethodDeclaration Method { get; } = new(
        "ScoreCAM",
        "activation maps weighted by the class probability of the input masked with them",
        [Batch, Layer],
        p =>
        {
            int channels = CamLayer.Channels(p.Choice(Layer)), batch = p.Int(Batch);
            return new MethodCost(1 + ((channels + batch - 1) / batch), 1 + channels, 0, 0);
        });
}
