using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Saliency.Torch.Model;

/// <summary>
/// torchvision's ResNet BasicBlock with identical parameter names (<c>conv1, bn1, conv2, bn2, downsample.0,
/// downsample.1</c>) and one ReLU module per call site (<c>relu1</c> after bn1, <c>relu2</c> after the residual add).
/// </summary>
#pragma warning disable IDE1006 // field names are torchvision's state-dict names
internal sealed class BasicBlock : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly ReLUSite relu1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly ReLUSite relu2;
    private readonly Sequential? downsample;

    public BasicBlock(string name, long inChannels, long outChannels, long stride, NonlinearityContext context)
        : base(name)
    {
        conv1 = nn.Conv2d(inChannels, outChannels, kernel_size: 3, stride: stride, padding: 1, bias: false);
        bn1 = nn.BatchNorm2d(outChannels);
        relu1 = new ReLUSite($"{name}.relu1", context);
        conv2 = nn.Conv2d(outChannels, outChannels, kernel_size: 3, stride: 1, padding: 1, bias: false);
        bn2 = nn.BatchNorm2d(outChannels);
        relu2 = new ReLUSite($"{name}.relu2", context);
        if (stride != 1 || inChannels != outChannels)
        {
            downsample = nn.Sequential(
                ("0", nn.Conv2d(inChannels, outChannels, kernel_size: 1, stride: stride, bias: false)),
                ("1", nn.BatchNorm2d(outChannels)));
        }

        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var y = relu1.forward(bn1.forward(conv1.forward(input)));
        y = bn2.forward(conv2.forward(y));
        var identity = downsample is null ? input : downsample.forward(input);
        return relu2.forward(y + identity).MoveToOuterDisposeScope();
    }
}
#pragma warning restore IDE1006
