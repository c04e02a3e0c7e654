namespace Saliency.Torch.Tests;

/// <summary>
/// torchvision's resnet18 state dict written out from the architecture (independent of the model code): every
/// entry's name and shape, and random but well-scaled values for them.
/// </summary>
internal static class ResNet18Spec
{
    public static List<(string Name, long[] Shape)> Entries(int classes)
    {
        var list = new List<(string, long[])> { ("conv1.weight", [64, 3, 7, 7]) };
        BatchNorm(list, "bn1", 64);
        long inChannels = 64;
        for (int layer = 1; layer <= 4; layer++)
        {
            long channels = 64L << (layer - 1);
            for (int block = 0; block < 2; block++)
            {
                string p = $"layer{layer}.{block}";
                long blockIn = block == 0 ? inChannels : channels;
                list.Add(($"{p}.conv1.weight", [channels, blockIn, 3, 3]));
                BatchNorm(list, $"{p}.bn1", channels);
                list.Add(($"{p}.conv2.weight", [channels, channels, 3, 3]));
                BatchNorm(list, $"{p}.bn2", channels);
                if (block == 0 && layer > 1)
                {
                    list.Add(($"{p}.downsample.0.weight", [channels, blockIn, 1, 1]));
                    BatchNorm(list, $"{p}.downsample.1", channels);
                }
            }

            inChannels = channels;
        }

        list.Add(("fc.weight", [classes, 512]));
        list.Add(("fc.bias", [classes]));
        return list;
    }

    /// <summary>Random weights: convs ~ N(0, 2/fan_in), BN affine near 1/0, non-trivial running statistics.</summary>
    public static Dictionary<string, float[]> RandomWeights(int classes, int seed)
    {
        var random = new Random(seed);
        var weights = new Dictionary<string, float[]>();
        foreach (var (name, shape) in Entries(classes))
        {
            if (name.EndsWith("num_batches_tracked", StringComparison.Ordinal))
            {
                continue;
            }

            long count = shape.Aggregate(1L, (a, d) => a * d);
            var values = new float[count];
            for (long i = 0; i < count; i++)
            {
                double u = random.NextDouble();
                values[i] = (float)(name switch
                {
                    _ when name.EndsWith("running_var", StringComparison.Ordinal) => 0.5 + (1.5 * u),
                    _ when name.EndsWith("running_mean", StringComparison.Ordinal) => 0.4 * (u - 0.5),
                    _ when name.EndsWith("bias", StringComparison.Ordinal) => 0.2 * (u - 0.5),
                    _ when shape.Length == 1 => 0.7 + (0.6 * u), // BN weight
                    _ => Gaussian(random) * Math.Sqrt(2.0 / (shape.Length == 4 ? shape[1] * shape[2] * shape[3] : shape[1])),
                });
            }

            weights[name] = values;
        }

        return weights;
    }

    private static void BatchNorm(List<(string, long[])> list, string prefix, long channels)
    {
        list.Add(($"{prefix}.weight", [channels]));
        list.Add(($"{prefix}.bias", [channels]));
        list.Add(($"{prefix}.running_mean", [channels]));
        list.Add(($"{prefix}.running_var", [channels]));
        list.Add(($"{prefix}.num_batches_tracked", []));
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
}
