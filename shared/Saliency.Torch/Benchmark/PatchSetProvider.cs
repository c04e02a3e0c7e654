using Saliency.Core;
using Saliency.Core.Data;

namespace Saliency.Torch.Benchmark;

/// <summary>
/// Benchmark samples from a loaded <see cref="PatchSet"/> (the whole file, or a range read by
/// <see cref="PatchSetReader.ReadRange"/>): index <c>i</c> is the patch's index in the file, i.e.
/// <c>set.Start + local index</c>.
/// </summary>
public sealed class PatchSetProvider(PatchSet set, string? name = null) : IPatchProvider
{
    public BenchPatch Get(int index)
    {
        int local = index - set.Start;
        if (local < 0 || local >= set.Count)
        {
            throw new InputException(
                $"sample {index} is not in the patch set (indices {set.Start}..{set.Start + set.Count - 1})", file: name, field: "sample");
        }

        var patch = set.Patch(local);
        return new BenchPatch(index, patch.Provenance.SourceId, patch.Provenance.PatchIndex, patch.Label, patch.Pixels, patch.Mask,
            set.Header.PatchHeight, set.Header.PatchWidth);
    }
}
