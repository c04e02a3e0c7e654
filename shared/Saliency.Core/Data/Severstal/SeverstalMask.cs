namespace Saliency.Core.Data.Severstal;

/// <summary>Builds the full-size class mask of one Severstal image from its csv rows.</summary>
public static class SeverstalMask
{
    /// <summary>
    /// Per pixel of the 1600x256 image (row-major, <c>[row * 1600 + col]</c>): bit c set when a row of class c covers
    /// it. The input of <see cref="ImagePatcher.Cut"/>.
    /// </summary>
    public static byte[] ClassBits(IEnumerable<SeverstalAnnotation> rows)
    {
        var bits = new byte[SeverstalFormat.Width * SeverstalFormat.Height];
        foreach (var row in rows)
        {
            byte bit = (byte)(1 << row.ClassId);
            foreach (var run in row.Runs)
            {
                for (int p = run.Start - 1; p < run.Start - 1 + run.Length; p++)
                {
                    bits[((p % SeverstalFormat.Height) * SeverstalFormat.Width) + (p / SeverstalFormat.Height)] |= bit;
                }
            }
        }

        return bits;
    }
}
