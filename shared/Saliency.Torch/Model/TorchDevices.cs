using Saliency.Core;
using static TorchSharp.torch;

namespace Saliency.Torch.Model;

/// <summary>Parses device names given by users (<c>cpu</c>, <c>cuda</c>, <c>cuda:N</c>) and sets CPU threads.</summary>
public static class TorchDevices
{
    /// <exception cref="InputException">Unknown name, or CUDA asked for where it is not available.</exception>
    public static Device Parse(string name, string field = "--device")
    {
        var text = name.Trim().ToLowerInvariant();
        if (text == "cpu")
        {
            return CPU;
        }

        if (text == "cuda" || text.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!cuda.is_available())
            {
                throw new InputException("CUDA is not available on this machine (CPU-only libtorch or no GPU); use --device cpu", field: field);
            }

            if (text == "cuda")
            {
                return CUDA;
            }

            if (!int.TryParse(text["cuda:".Length..], out int index) || index < 0 || index >= cuda.device_count())
            {
                throw new InputException($"'{name}': there are {cuda.device_count()} CUDA devices", field: field);
            }

            return new Device(TorchSharp.DeviceType.CUDA, index);
        }

        throw new InputException($"unknown device '{name}' (use cpu, cuda or cuda:N)", field: field);
    }

    /// <summary>Sets libtorch's intra-op CPU threads; 0 or less keeps the default.</summary>
    public static void SetThreads(int threads)
    {
        if (threads > 0)
        {
            set_num_threads(threads);
        }
    }
}
