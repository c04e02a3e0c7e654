namespace Saliency.Torch.Methods;

/// <summary>What one network pass was: a forward with or without autograd, or a backward.</summary>
public enum PassKind
{
    /// <summary>Forward under no_grad (predictions, ScoreCAM's masked inputs).</summary>
    ForwardNoGrad,

    /// <summary>Forward that records the autograd graph for a following backward.</summary>
    Forward,

    /// <summary>Backward (autograd.grad) through the graph of a forward of the same batch.</summary>
    Backward,
}

/// <summary>One network pass over a batch of <paramref name="Batch"/> inputs.</summary>
public readonly record struct NetworkPass(PassKind Kind, int Batch);
