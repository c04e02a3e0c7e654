namespace Saliency.Core.Methods.Declarations;

/// <summary>
/// The layers of the ResNet-18 a CAM method can target (those with a C x h x w output: the stem, the four stages and
/// their blocks) and their channel counts. The torch tests check both against the network.
/// </summary>
public static class CamLayer
{
    public const string Default = "layer4";

    private static readonly (string Layer, int Channels)[] Layers =
    [
        ("conv1", 64), ("bn1", 64), ("relu", 64), ("maxpool", 64),
        ("layer1", 64), ("layer1.0", 64), ("layer1.1", 64),
        ("layer2", 128), ("layer2.0", 128), ("layer2.1", 128),
        ("layer3", 256), ("layer3.0", 256), ("layer3.1", 256),
        ("layer4", 512), ("layer4.0", 512), ("layer4.1", 512),
    ];

    /// <summary>The <c>layer</c> parameter every CAM method takes.</summary>
    public static MethodParameter Parameter { get; } =
        MethodParameter.Choice("layer", Default, [.. Layers.Select(l => l.Layer)], "target layer");

    /// <summary>Output channels of <paramref name="layer"/> (one of <see cref="Parameter"/>'s choices).</summary>
    public static int Channels(string layer) => Layers.Single(l => l.Layer == layer).Channels;
}
