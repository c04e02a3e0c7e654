namespace Saliency.Core.Data;

/// <summary>A patch cut from a full image, before it is written to a patch set.</summary>
/// <param name="Index">Position in the image's patch grid, row-major (Severstal: 0..5 left to right).</param>
/// <param name="Left">Column of the patch's left edge in the full image.</param>
/// <param name="Top">Row of the patch's top edge in the full image.</param>
/// <param name="Pixels">Grey pixels, row-major <c>size x size</c>.</param>
/// <param name="Mask">Class id per pixel (0 = background), row-major.</param>
/// <param name="Label">The <see cref="PatchLabels"/> label from all classes touching the patch.</param>
/// <param name="BackgroundFraction">Share of black background pixels, in [0, 1].</param>
/// <param name="Dropped">True when the background rule drops the patch.</param>
public sealed record ImagePatch(int Index, int Left, int Top, byte[] Pixels, byte[] Mask, byte Label, double BackgroundFraction, bool Dropped);
