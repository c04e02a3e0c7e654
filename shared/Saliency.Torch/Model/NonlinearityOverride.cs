using TorchSharp;
using static TorchSharp.torch;

namespace Saliency.Torch.Model;

/// <summary>
/// Replaces how the network's nonlinear call sites (every ReLU call and the stem max-pool) compute their output,
/// e.g. DeepLift's rescale rule. The value must stay the plain forward value; only the gradient may change.
/// </summary>
public interface INonlinearityOverride
{
    /// <summary>Output of the ReLU call site named <paramref name="site"/> (e.g. <c>layer2.1.relu2</c>).</summary>
    Tensor ReLU(string site, Tensor input);

    /// <summary>Output of the max-pool call site named <paramref name="site"/>.</summary>
    Tensor MaxPool(string site, Tensor input, Func<Tensor, Tensor> pool);
}

/// <summary>Shared switch that the call-site modules of one network consult.</summary>
internal sealed class NonlinearityContext
{
    public INonlinearityOverride? Override { get; set; }
}

/// <summary>One ReLU call site. torchvision reuses one ReLU module twice per block; here every call has its own.</summary>
internal sealed class ReLUSite : nn.Module<Tensor, Tensor>
{
    private readonly NonlinearityContext _context;

    public ReLUSite(string site, NonlinearityContext context)
        : base(site)
    {
        Site = site;
        _context = context;
    }

    public string Site { get; }

    public override Tensor forward(Tensor input) =>
        _context.Override is { } rule ? rule.ReLU(Site, input) : nn.functional.relu(input);
}

/// <summary>The stem's 3x3 stride-2 max-pool as a call site.</summary>
internal sealed class MaxPoolSite : nn.Module<Tensor, Tensor>
{
    private readonly NonlinearityContext _context;

    public MaxPoolSite(string site, NonlinearityContext context)
        : base(site)
    {
        Site = site;
        _context = context;
    }

    public string Site { get; }

    public override Tensor forward(Tensor input) =>
        _context.Override is { } rule ? rule.MaxPool(Site, input, Pool) : Pool(input);

    private static Tensor Pool(Tensor x) => nn.functional.max_pool2d(x, kernel_size: 3, stride: 2, padding: 1);
}
