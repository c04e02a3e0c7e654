namespace Saliency.Torch.Training;

/// <summary>
/// Greyscale patches of one size with their patch-set labels (0 = no defect, 1..K = class, 255 = multiple), as the
/// training and selection code consume them. <c>Pixels[i]</c> is row-major <c>Height x Width</c> bytes; arrays are
/// not copied and must not be modified while in use.
/// </summary>
public sealed record LabelledPatches(int Height, int Width, IReadOnlyList<byte[]> Pixels, IReadOnlyList<byte> Labels)
{
    public int Count => Pixels.Count;

    /// <summary>Checks sizes: one label per patch, every patch <c>Height * Width</c> bytes.</summary>
    public LabelledPatches Validate()
    {
        if (Height < 1 || Width < 1)
        {
            throw new ArgumentException($"patch size {Height} x {Width} must be positive");
        }

        if (Labels.Count != Pixels.Count)
        {
            throw new ArgumentException($"{Pixels.Count} patches but {Labels.Count} labels");
        }

        int bad = Enumerable.Range(0, Count).FirstOrDefault(i => Pixels[i].Length != Height * Width, -1);
        if (bad >= 0)
        {
            throw new ArgumentException($"patch {bad} has {Pixels[bad].Length} bytes, expected {Height * Width}");
        }

        return this;
    }
}
