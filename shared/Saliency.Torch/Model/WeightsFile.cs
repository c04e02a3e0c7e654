using System.Collections;
using Saliency.Core;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Saliency.Torch.Model;

/// <summary>
/// Reads a weights file into named CPU tensors, choosing the format by content (not by extension):
/// safetensors (<see cref="SafeTensorsFile"/>), or a PyTorch <c>torch.save(model.state_dict(), ...)</c> file in
/// the zip format used since PyTorch 1.6 (<c>.pth</c>/<c>.pt</c>, unpickled by TorchSharp.PyBridge). Pickled
/// whole models, the legacy non-zip format and TorchScript archives are not state dicts and are refused.
/// </summary>
public static class WeightsFile
{
    /// <summary>Reads the tensors and (safetensors only, else empty) the metadata map of <paramref name="path"/>.</summary>
    public static SafeTensorsContent Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"weights file not found: {path}", path);
        }

        if (SafeTensorsFile.LooksLikeSafeTensors(path))
        {
            return SafeTensorsFile.Read(path);
        }

        if (new FileInfo(path).Length < 9)
        {
            throw new InputException($"not a weights file: only {new FileInfo(path).Length} bytes (empty or cut short)", path);
        }

        if (!IsZip(path))
        {
            throw new InputException(
                "not a weights file: neither safetensors nor a PyTorch zip state dict (torch.save of model.state_dict(), PyTorch >= 1.6)", path);
        }

        Hashtable table;
        try
        {
            using var stream = File.OpenRead(path);
            table = PyTorchUnpickler.UnpickleStateDict(stream);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InputException($"cannot read PyTorch state dict ({e.GetType().Name}: {e.Message}); save model.state_dict(), not the model", path, inner: e);
        }

        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in table)
        {
            if (entry.Key is not string name || entry.Value is not Tensor value)
            {
                throw new InputException($"entry '{entry.Key}' is not a tensor ({entry.Value?.GetType().Name ?? "null"}); expected a flat state dict", path);
            }

            tensors[name] = value;
        }

        return new SafeTensorsContent(tensors, new Dictionary<string, string>());
    }

    private static bool IsZip(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> magic = stackalloc byte[4];
        return stream.Read(magic) == 4 && magic[0] == (byte)'P' && magic[1] == (byte)'K' && magic[2] == 3 && magic[3] == 4;
    }
}
