namespace Saliency.Core.IO;

/// <summary>
/// Reads a binary defect mask from a .npy file (2-D H x W or 1 x H x W, any supported dtype) or an image file
/// (PNG etc., decoded to grey). The format is recognised by content (the .npy magic string), not by extension.
/// Any nonzero value marks a defect pixel. The result is an 8-bit image holding 1 on defect pixels and 0 elsewhere.
/// </summary>
public static class MaskFile
{
    /// <exception cref="InputException">Missing, unreadable or wrongly shaped file.</exception>
    public static GrayImage Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputException("mask file not found", file: path);
        }

        if (NpyFile.HasNpyMagic(path))
        {
            var array = NpyFile.Read(path);
            var (height, width) = array.GetPlaneSize();
            if (height == 0 || width == 0)
            {
                throw new InputException($"mask is empty ({height} x {width})", file: path, field: "shape");
            }

            return new GrayImage(width, height, array.ToNonzeroMask());
        }

        var image = ImageIO.ReadGray(path);
        var binary = new byte[image.Pixels.Length];
        for (int i = 0; i < binary.Length; i++)
        {
            binary[i] = image.Pixels[i] != 0 ? (byte)1 : (byte)0;
        }

        return new GrayImage(image.Width, image.Height, binary);
    }
}
