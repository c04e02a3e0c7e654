using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Saliency.Torch.Model;

/// <summary>
/// ResNet-18 written in the project, with torchvision's parameter and buffer names (<c>conv1.weight</c>,
/// <c>layer4.1.bn2.running_var</c>, <c>fc.weight</c>, ...), so that a torchvision state dict loads as is.
/// Differences from torchvision that do not change names or numbers: every ReLU call site is its own module
/// (<see cref="ReLUSites"/>), and the nonlinear call sites can be overridden (<see cref="UseNonlinearity"/>),
/// which DeepLift needs. Input: N x 3 x H x W float; output: N x <see cref="NumClasses"/> logits.
/// </summary>
#pragma warning disable IDE1006 // field names are torchvision's state-dict names
public sealed class ResNet18 : nn.Module<Tensor, Tensor>
{
    /// <summary>Top-level layers in forward order; each can be a capture point (<see cref="ForwardCapturing"/>).</summary>
    public static readonly IReadOnlyList<string> Stages = ["conv1", "bn1", "relu", "maxpool", "layer1", "layer2", "layer3", "layer4", "avgpool", "fc"];

    private readonly NonlinearityContext _context = new();
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly ReLUSite relu;
    private readonly MaxPoolSite maxpool;
    private readonly Sequential layer1;
    private readonly Sequential layer2;
    private readonly Sequential layer3;
    private readonly Sequential layer4;
    private readonly AdaptiveAvgPool2d avgpool;
    private readonly Linear fc;

    public ResNet18(int numClasses = 1000)
        : base("resnet18")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numClasses, 1);
        NumClasses = numClasses;
        conv1 = nn.Conv2d(3, 64, kernel_size: 7, stride: 2, padding: 3, bias: false);
        bn1 = nn.BatchNorm2d(64);
        relu = new ReLUSite("relu", _context);
        maxpool = new MaxPoolSite("maxpool", _context);
        layer1 = MakeLayer("layer1", 64, 64, 1);
        layer2 = MakeLayer("layer2", 64, 128, 2);
        layer3 = MakeLayer("layer3", 128, 256, 2);
        layer4 = MakeLayer("layer4", 256, 512, 2);
        avgpool = nn.AdaptiveAvgPool2d(1);
        fc = nn.Linear(512, numClasses);
        RegisterComponents();
        InitializeLikeTorchvision();
    }

    /// <summary>Number of output classes (rows of <c>fc.weight</c>).</summary>
    public int NumClasses { get; }

    /// <summary>Names of every ReLU call site, in forward order (<c>relu</c>, <c>layer1.0.relu1</c>, ...).</summary>
    public IReadOnlyList<string> ReLUSites =>
        modules().OfType<ReLUSite>().Select(m => m.Site).ToList();

    /// <summary>Names of the layers whose output <see cref="ForwardCapturing"/> can return (stages and blocks).</summary>
    public IEnumerable<string> CaptureLayers =>
        Stages.Concat(new[] { "layer1", "layer2", "layer3", "layer4" }.SelectMany(l => new[] { $"{l}.0", $"{l}.1" }));

    /// <summary>
    /// Routes every nonlinear call site through <paramref name="rule"/> until the returned scope is disposed.
    /// Not thread-safe: a network instance serves one computation at a time.
    /// </summary>
    public IDisposable UseNonlinearity(INonlinearityOverride rule)
    {
        if (_context.Override is not null)
        {
            throw new InvalidOperationException("a nonlinearity override is already active on this network");
        }

        _context.Override = rule;
        return new Restore(_context);
    }

    public override Tensor forward(Tensor input) => ForwardCapturing(input, null).Logits;

    /// <summary>
    /// Forward pass that also returns the output of <paramref name="layer"/> (e.g. <c>layer4</c> or <c>layer3.1</c>)
    /// as part of the autograd graph, so gradients w.r.t. it can be taken with <c>torch.autograd.grad</c>.
    /// </summary>
    public (Tensor Logits, Tensor? Features) ForwardCapturing(Tensor input, string? layer)
    {
        if (input.dim() != 4 || input.shape[1] != 3)
        {
            throw new ArgumentException($"expected input N x 3 x H x W, got [{string.Join(", ", input.shape)}]", nameof(input));
        }

        if (layer is not null && !CaptureLayers.Contains(layer))
        {
            throw new ArgumentException($"unknown layer '{layer}'; known: {string.Join(", ", CaptureLayers)}", nameof(layer));
        }

        using var scope = NewDisposeScope();
        Tensor? captured = null;
        Tensor x = input;
        x = Stage("conv1", conv1.forward(x));
        x = Stage("bn1", bn1.forward(x));
        x = Stage("relu", relu.forward(x));
        x = Stage("maxpool", maxpool.forward(x));
        x = Layer("layer1", layer1, x);
        x = Layer("layer2", layer2, x);
        x = Layer("layer3", layer3, x);
        x = Layer("layer4", layer4, x);
        x = Stage("avgpool", avgpool.forward(x));
        x = Stage("fc", fc.forward(x.flatten(1)));
        captured?.MoveToOuterDisposeScope();
        return (x.MoveToOuterDisposeScope(), captured);

        Tensor Stage(string name, Tensor output)
        {
            if (name == layer)
            {
                captured = output;
            }

            return output;
        }

        Tensor Layer(string name, Sequential blocks, Tensor h)
        {
            int index = 0;
            foreach (var block in blocks.children().Cast<nn.Module<Tensor, Tensor>>())
            {
                h = Stage($"{name}.{index++}", block.forward(h));
            }

            return Stage(name, h);
        }
    }

    /// <summary>Parameters of the named top-level stages (e.g. for freezing all but layer3, layer4, fc).</summary>
    public IEnumerable<(string Name, Parameter Parameter)> ParametersOf(params string[] stages) =>
        named_parameters().Where(p => stages.Any(s => p.name == s || p.name.StartsWith(s + ".", StringComparison.Ordinal)));

    private BasicBlock[] Blocks(string name, long inChannels, long outChannels, long stride) =>
    [
        new BasicBlock($"{name}.0", inChannels, outChannels, stride, _context),
        new BasicBlock($"{name}.1", outChannels, outChannels, 1, _context),
    ];

    private Sequential MakeLayer(string name, long inChannels, long outChannels, long stride)
    {
        var blocks = Blocks(name, inChannels, outChannels, stride);
        return nn.Sequential(("0", (nn.Module<Tensor, Tensor>)blocks[0]), ("1", blocks[1]));
    }

    private void InitializeLikeTorchvision()
    {
        using var noGrad = no_grad();
        foreach (var (name, module) in named_modules())
        {
            if (module is Conv2d conv)
            {
                nn.init.kaiming_normal_(conv.weight, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
            }
            else if (module is BatchNorm2d bn)
            {
                nn.init.ones_(bn.weight);
                nn.init.zeros_(bn.bias);
            }
        }
    }

    private sealed class Restore(NonlinearityContext context) : IDisposable
    {
        public void Dispose() => context.Override = null;
    }
}
#pragma warning restore IDE1006
