namespace Saliency.Core.Data.Synthetic;

/// <summary>An axis-aligned pixel rectangle [Left, Left+Width) x [Top, Top+Height).</summary>
public readonly record struct PixelRect(int Left, int Top, int Width, int Height)
{
    public int Right => Left + Width;

    public int Bottom => Top + Height;

    public bool Contains(int x, int y) => x >= Left && x < Right && y >= Top && y < Bottom;
}
