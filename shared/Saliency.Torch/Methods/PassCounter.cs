using static TorchSharp.torch;

namespace Saliency.Torch.Methods;

/// <summary>
/// Counts the network passes of one explanation. A forward (or backward) over a batch of N inputs is one pass;
/// the largest batch is kept, and every pass is logged in order (<see cref="Passes"/>) so its cost can be
/// predicted from measured per-pass times. A backward that stops at an inner layer (GradCAM) still counts as one.
/// </summary>
public sealed class PassCounter
{
    private readonly List<NetworkPass> _passes = [];

    public int Forward { get; private set; }

    public int Backward { get; private set; }

    /// <summary>Largest batch size of any counted pass (0 when none).</summary>
    public int MaxBatch { get; private set; }

    public IReadOnlyList<NetworkPass> Passes => _passes;

    /// <summary>Counts a forward; whether it recorded a graph is read from the current grad mode.</summary>
    public void CountForward(long batch)
    {
        Forward++;
        Add(new NetworkPass(is_grad_enabled() ? PassKind.Forward : PassKind.ForwardNoGrad, (int)batch));
    }

    public void CountBackward(long batch)
    {
        Backward++;
        Add(new NetworkPass(PassKind.Backward, (int)batch));
    }

    private void Add(NetworkPass pass)
    {
        _passes.Add(pass);
        MaxBatch = Math.Max(MaxBatch, pass.Batch);
    }
}
