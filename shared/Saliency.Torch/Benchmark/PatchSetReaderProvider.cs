using Saliency.Core;
using Saliency.Core.Data;

namespace Saliency.Torch.Benchmark;

/// <summary>
/// Benchmark samples read one at a time from an open patch-set file (<see cref="PatchSetReader.ReadRange"/>), so a
/// run over a few hundred samples of a large set does not load the whole file. The reader stays owned by the caller.
/// </summary>
public sealed class PatchSetReaderProvider(PatchSetReader reader, string? name = null) : IPatchProvider
{
    public BenchPatch Get(int index)
    {
        if (index < 0 || index >= reader.Count)
        {
            throw new InputException($"sample {index} is not in the patch set (indices 0..{reader.Count - 1})", file: name, field: "sample");
        }

        return new PatchSetProvider(reader.ReadRange(index, 1), name).Get(index);
    }
}
