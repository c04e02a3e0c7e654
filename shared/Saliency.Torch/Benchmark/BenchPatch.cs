namespace Saliency.Torch.Benchmark;

/// <summary>
/// One benchmark sample: a greyscale patch (row-major H x W bytes, scaled to [0, 1] for the network) and its mask
/// (row-major, nonzero = defect, class ids allowed). <see cref="Index"/> is the patch's index in its patch set.
/// </summary>
public sealed record BenchPatch(int Index, string SourceId, int PatchIndex, int Label, byte[] Pixels, byte[] Mask, int Height, int Width);

/// <summary>Gives benchmark samples by patch-set index (a whole patch set in memory, or a silo's shard).</summary>
public interface IPatchProvider
{
    /// <exception cref="Core.InputException">No patch with that index.</exception>
    BenchPatch Get(int index);
}
