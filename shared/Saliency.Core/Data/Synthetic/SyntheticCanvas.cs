namespace Saliency.Core.Data.Synthetic;

/// <summary>
/// A float grey image being drawn (row-major, 0-255 scale) with one mask per defect class (1 where the class was
/// drawn). Drawing is clipped to a region so a defect stays inside its patch.
/// </summary>
internal sealed class SyntheticCanvas
{
    public SyntheticCanvas(int width, int height, int classCount)
    {
        Width = width;
        Height = height;
        Gray = new float[width * height];
        ClassMasks = [.. Enumerable.Range(0, classCount).Select(_ => new byte[width * height])];
    }

    public int Width { get; }

    public int Height { get; }

    public float[] Gray { get; }

    /// <summary><c>ClassMasks[c - 1]</c> is the mask of class c.</summary>
    public byte[][] ClassMasks { get; }

    /// <summary>Adds <paramref name="delta"/> to a pixel inside <paramref name="clip"/> and marks it as class c.</summary>
    public void Mark(int x, int y, float delta, int classId, PixelRect clip)
    {
        if (!clip.Contains(x, y))
        {
            return;
        }

        int p = (y * Width) + x;
        Gray[p] += delta;
        ClassMasks[classId - 1][p] = 1;
    }
}
