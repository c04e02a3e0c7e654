using static TorchSharp.torch;

namespace Saliency.Torch.Model;

/// <summary>
/// The tensors (CPU, by name) and the <c>__metadata__</c> string map of a safetensors file. Disposing it disposes
/// the tensors.
/// </summary>
public sealed record SafeTensorsContent(IReadOnlyDictionary<string, Tensor> Tensors, IReadOnlyDictionary<string, string> Metadata) : IDisposable
{
    public void Dispose()
    {
        foreach (var t in Tensors.Values)
        {
            t.Dispose();
        }
    }
}
