namespace Saliency.Torch.Tests;

/// <summary>
/// ResNet-18 forward pass in plain C# loops and doubles, written from the torchvision definition: conv 7x7/2 pad 3,
/// BN (eval: running statistics, eps 1e-5), ReLU, max-pool 3/2 pad 1, four stages of two BasicBlocks (1x1/2
/// downsample conv + BN on the first block of stages 2-4), global average pool, linear. Independent of TorchSharp.
/// </summary>
internal sealed class NaiveResNet18(Dictionary<string, float[]> weights, int classes)
{
    private sealed record Map(int C, int H, int W, double[] V)
    {
        public double this[int c, int y, int x] => V[(((c * H) + y) * W) + x];
    }

    /// <summary>Logits for one C x H x W image (row-major).</summary>
    public double[] Forward(float[] image, int height, int width)
    {
        var x = new Map(3, height, width, image.Select(v => (double)v).ToArray());
        x = Relu(BatchNorm(Conv(x, "conv1.weight", 64, 7, 2, 3), "bn1"));
        x = MaxPool(x);
        int channels = 64;
        for (int layer = 1; layer <= 4; layer++)
        {
            int outChannels = 64 << (layer - 1);
            for (int block = 0; block < 2; block++)
            {
                string p = $"layer{layer}.{block}";
                int stride = block == 0 && layer > 1 ? 2 : 1;
                var y = Relu(BatchNorm(Conv(x, $"{p}.conv1.weight", outChannels, 3, stride, 1), $"{p}.bn1"));
                y = BatchNorm(Conv(y, $"{p}.conv2.weight", outChannels, 3, 1, 1), $"{p}.bn2");
                var identity = stride != 1 || channels != outChannels
                    ? BatchNorm(Conv(x, $"{p}.downsample.0.weight", outChannels, 1, stride, 0), $"{p}.downsample.1")
                    : x;
                x = Relu(y with { V = y.V.Select((v, i) => v + identity.V[i]).ToArray() });
                channels = outChannels;
            }
        }

        var pooled = new double[x.C];
        for (int c = 0; c < x.C; c++)
        {
            double sum = 0;
            for (int i = 0; i < x.H * x.W; i++)
            {
                sum += x.V[(c * x.H * x.W) + i];
            }

            pooled[c] = sum / (x.H * x.W);
        }

        var fcWeight = weights["fc.weight"];
        var fcBias = weights["fc.bias"];
        var logits = new double[classes];
        for (int k = 0; k < classes; k++)
        {
            double sum = fcBias[k];
            for (int c = 0; c < pooled.Length; c++)
            {
                sum += fcWeight[(k * pooled.Length) + c] * pooled[c];
            }

            logits[k] = sum;
        }

        return logits;
    }

    private Map Conv(Map x, string name, int outChannels, int kernel, int stride, int padding)
    {
        var w = weights[name];
        int oh = ((x.H + (2 * padding) - kernel) / stride) + 1;
        int ow = ((x.W + (2 * padding) - kernel) / stride) + 1;
        var result = new double[outChannels * oh * ow];
        for (int o = 0; o < outChannels; o++)
        {
            for (int oy = 0; oy < oh; oy++)
            {
                for (int ox = 0; ox < ow; ox++)
                {
                    double sum = 0;
                    for (int c = 0; c < x.C; c++)
                    {
                        for (int ky = 0; ky < kernel; ky++)
                        {
                            int iy = (oy * stride) - padding + ky;
                            if (iy < 0 || iy >= x.H)
                            {
                                continue;
                            }

                            for (int kx = 0; kx < kernel; kx++)
                            {
                                int ix = (ox * stride) - padding + kx;
                                if (ix >= 0 && ix < x.W)
                                {
                                    sum += w[(((((o * x.C) + c) * kernel) + ky) * kernel) + kx] * x[c, iy, ix];
                                }
                            }
                        }
                    }

                    result[(((o * oh) + oy) * ow) + ox] = sum;
                }
            }
        }

        return new Map(outChannels, oh, ow, result);
    }

    private Map BatchNorm(Map x, string prefix)
    {
        var gamma = weights[$"{prefix}.weight"];
        var beta = weights[$"{prefix}.bias"];
        var mean = weights[$"{prefix}.running_mean"];
        var variance = weights[$"{prefix}.running_var"];
        var result = new double[x.V.Length];
        int plane = x.H * x.W;
        for (int i = 0; i < result.Length; i++)
        {
            int c = i / plane;
            result[i] = ((x.V[i] - mean[c]) / Math.Sqrt(variance[c] + 1e-5) * gamma[c]) + beta[c];
        }

        return x with { V = result };
    }

    private static Map Relu(Map x) => x with { V = x.V.Select(v => Math.Max(0, v)).ToArray() };

    private static Map MaxPool(Map x)
    {
        int oh = ((x.H + 2 - 3) / 2) + 1;
        int ow = ((x.W + 2 - 3) / 2) + 1;
        var result = new double[x.C * oh * ow];
        for (int c = 0; c < x.C; c++)
        {
            for (int oy = 0; oy < oh; oy++)
            {
                for (int ox = 0; ox < ow; ox++)
                {
                    double best = double.NegativeInfinity;
                    for (int ky = 0; ky < 3; ky++)
                    {
                        for (int kx = 0; kx < 3; kx++)
                        {
                            int iy = (oy * 2) - 1 + ky;
                            int ix = (ox * 2) - 1 + kx;
                            if (iy >= 0 && iy < x.H && ix >= 0 && ix < x.W)
                            {
                                best = Math.Max(best, x[c, iy, ix]);
                            }
                        }
                    }

                    result[(((c * oh) + oy) * ow) + ox] = best;
                }
            }
        }

        return new Map(x.C, oh, ow, result);
    }
}
