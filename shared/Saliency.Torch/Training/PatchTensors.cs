using static TorchSharp.torch;

namespace Saliency.Torch.Training;

/// <summary>
/// Turns greyscale patches into network inputs the same way <see cref="Model.Classifier.ToInput(byte[], int, int)"/>
/// does: bytes / 255 in [0, 1], repeated over 3 channels, N x 3 x H x W float32 (normalisation happens inside the
/// classifier). Optional flips are for augmentation.
/// </summary>
public static class PatchTensors
{
    /// <summary>A batch of the patches at <paramref name="indices"/>, flipped per patch when asked.</summary>
    /// <param name="flips">Per batch entry: (horizontal, vertical) flip; null for none.</param>
    public static Tensor Batch(LabelledPatches patches, IReadOnlyList<int> indices, Device device, IReadOnlyList<(bool Horizontal, bool Vertical)>? flips = null)
    {
        int h = patches.Height, w = patches.Width, plane = h * w;
        var values = new float[indices.Count * plane];
        for (int n = 0; n < indices.Count; n++)
        {
            var source = patches.Pixels[indices[n]];
            var (flipX, flipY) = flips is null ? (false, false) : flips[n];
            int offset = n * plane;
            for (int y = 0; y < h; y++)
            {
                int sy = flipY ? h - 1 - y : y;
                for (int x = 0; x < w; x++)
                {
                    int sx = flipX ? w - 1 - x : x;
                    values[offset + (y * w) + x] = source[(sy * w) + sx] / 255f;
                }
            }
        }

        using var grey = tensor(values, [indices.Count, 1, h, w]);
        return grey.expand(indices.Count, 3, h, w).contiguous().to(device);
    }
}
