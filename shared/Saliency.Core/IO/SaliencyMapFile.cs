namespace Saliency.Core.IO;

/// <summary>
/// Reads a saliency map from a .npy file: shape H x W or 1 x H x W, any supported numeric dtype (converted to
/// float32), row-major. Every value must be finite.
/// </summary>
public static class SaliencyMapFile
{
    /// <exception cref="InputException">Missing or malformed file, wrong shape, empty map, or a NaN/infinite value.</exception>
    public static (float[] Values, int Height, int Width) Read(string path)
    {
        var array = NpyFile.Read(path);
        var (height, width) = array.GetPlaneSize();
        if (height == 0 || width == 0)
        {
            throw new InputException($"saliency map is empty ({height} x {width})", file: path, field: "shape");
        }

        var values = array.ToSingleArray();
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                throw new InputException($"non-finite value {values[i]} at row {i / width}, column {i % width}", file: path, field: "data");
            }
        }

        return (values, height, width);
    }
}
