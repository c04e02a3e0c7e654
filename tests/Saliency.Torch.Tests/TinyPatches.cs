using Saliency.Torch.Training;

namespace Saliency.Torch.Tests;

/// <summary>Small synthetic patches: class 0 = plain noise, class c > 0 = noise plus a bright or dark shape.</summary>
internal static class TinyPatches
{
    public static LabelledPatches Make(int count, int size, byte[] labelCycle, int seed)
    {
        var random = new Random(seed);
        var pixels = new List<byte[]>();
        var labels = new List<byte>();
        for (int n = 0; n < count; n++)
        {
            byte label = labelCycle[n % labelCycle.Length];
            int background = 60 + random.Next(80);
            var p = new byte[size * size];
            for (int i = 0; i < p.Length; i++)
            {
                p[i] = (byte)Math.Clamp(background + random.Next(-20, 21), 0, 255);
            }

            int cx = random.Next(size / 4, 3 * size / 4), cy = random.Next(size / 4, 3 * size / 4);
            for (int y = 0; y < size; y++)
            {
                for (int x = 0; x < size; x++)
                {
                    bool inside = label switch
                    {
                        1 => Math.Abs(x - cx) < 8 && Math.Abs(y - cy) < 8,            // bright square
                        2 => Math.Abs(y - cy) < 2,                                  // dark horizontal line
                        3 => Math.Abs(x - cx) < 2,                                  // bright vertical line
                        255 => Math.Abs(y - cy) < 2 || Math.Abs(x - cx) < 2,         // both lines
                        _ => false,
                    };
                    if (inside)
                    {
                        p[(y * size) + x] = label == 2 ? (byte)10 : (byte)245;
                    }
                }
            }

            pixels.Add(p);
            labels.Add(label);
        }

        return new LabelledPatches(size, size, pixels, labels);
    }
}
