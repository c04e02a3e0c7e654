using Saliency.Core.IO;
using Saliency.TestFixtures;
using Saliency.Torch.Model;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Saliency.Torch.Tests.Methods;

/// <summary>Small random classifiers and real-looking inputs for the method tests.</summary>
internal static class TestModels
{
    /// <summary>
    /// A ResNet-18 with <paramref name="classes"/> outputs whose every parameter and BN statistic is drawn from a
    /// private generator seeded with <paramref name="seed"/> (deterministic even while other tests use torch's
    /// global generator): convolutions Kaiming-normal (fan-out, ReLU gain) like torchvision, fc uniform +-1/sqrt(512)
    /// like torch's Linear, BN weight U(0.5, 1.5), bias N(0, 0.1^2), running mean N(0, 0.1^2), running var
    /// U(0.5, 1.5), so eval-mode BN is a non-trivial affine map.
    /// </summary>
    public static Classifier Random(int classes = 3, long seed = 1, InputNormalisation? normalisation = null)
    {
        using var scope = NewDisposeScope();
        using var generator = new TorchSharp.torch.Generator((ulong)seed);
        var network = new ResNet18(classes);
        using (no_grad())
        {
            foreach (var (name, parameter) in network.named_parameters())
            {
                if (parameter.dim() == 4)
                {
                    double fanOut = parameter.shape[0] * parameter.shape[2] * parameter.shape[3];
                    parameter.copy_(randn(parameter.shape, generator: generator) * Math.Sqrt(2 / fanOut));
                }
                else if (name.StartsWith("fc.", StringComparison.Ordinal))
                {
                    parameter.copy_(((rand(parameter.shape, generator: generator) * 2) - 1) / Math.Sqrt(512));
                }
            }

            foreach (var (_, module) in network.named_modules())
            {
                if (module is BatchNorm2d bn)
                {
                    var n = bn.running_mean!.shape[0];
                    bn.running_mean.copy_(randn(n, generator: generator) * 0.1);
                    bn.running_var!.copy_(rand(n, generator: generator) + 0.5);
                    bn.weight!.copy_(rand(n, generator: generator) + 0.5);
                    bn.bias!.copy_(randn(n, generator: generator) * 0.1);
                }
            }
        }

        var names = Enumerable.Range(0, classes).Select(i => $"class{i}").ToList();
        return new Classifier(network, normalisation ?? InputNormalisation.ImageNet, names);
    }

    /// <summary>A size x size crop of a real Severstal image as a 1 x 3 x size x size input in [0, 1].</summary>
    public static Tensor RealPatch(Classifier classifier, int size = 64, int left = 100, int top = 100, string file = "0030401a5.jpg")
    {
        var image = ImageIO.ReadGray(Path.Combine(DataPaths.SeverstalSample, file));
        var pixels = new byte[size * size];
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                pixels[(y * size) + x] = image[top + y, left + x];
            }
        }

        return classifier.ToInput(pixels, size, size);
    }

    /// <summary>Copies a tensor to a managed double array (test side only).</summary>
    public static double[] ToDoubles(Tensor t) => t.detach().cpu().to(ScalarType.Float64).contiguous().data<double>().ToArray();

    /// <summary>
    /// Bilinear resize, align_corners=false, of one h x w plane to H x W (PyTorch's source-index convention:
    /// src = (dst + 0.5) * in / out - 0.5, clamped at 0), written out by hand.
    /// </summary>
    public static double[] Bilinear(double[] plane, int h, int w, int height, int width)
    {
        var result = new double[height * width];
        for (int y = 0; y < height; y++)
        {
            var (y0, y1, ly) = Source(y, h, height);
            for (int x = 0; x < width; x++)
            {
                var (x0, x1, lx) = Source(x, w, width);
                result[(y * width) + x] =
                    ((1 - ly) * (((1 - lx) * plane[(y0 * w) + x0]) + (lx * plane[(y0 * w) + x1])))
                    + (ly * (((1 - lx) * plane[(y1 * w) + x0]) + (lx * plane[(y1 * w) + x1])));
            }
        }

        return result;

        static (int I0, int I1, double Lambda) Source(int dst, int inSize, int outSize)
        {
            double src = Math.Max(0, ((dst + 0.5) * inSize / outSize) - 0.5);
            int i0 = (int)src;
            int i1 = Math.Min(i0 + 1, inSize - 1);
            return (i0, i1, src - i0);
        }
    }

    /// <summary>Bilinear resize with align_corners=true (src = dst x (in - 1) / (out - 1)), written out by hand.</summary>
    public static double[] BilinearAlignCorners(double[] plane, int h, int w, int height, int width)
    {
        var result = new double[height * width];
        for (int y = 0; y < height; y++)
        {
            var (y0, y1, ly) = Source(y, h, height);
            for (int x = 0; x < width; x++)
            {
                var (x0, x1, lx) = Source(x, w, width);
                result[(y * width) + x] =
                    ((1 - ly) * (((1 - lx) * plane[(y0 * w) + x0]) + (lx * plane[(y0 * w) + x1])))
                    + (ly * (((1 - lx) * plane[(y1 * w) + x0]) + (lx * plane[(y1 * w) + x1])));
            }
        }

        return result;

        static (int I0, int I1, double Lambda) Source(int dst, int inSize, int outSize)
        {
            double src = outSize > 1 ? (double)dst * (inSize - 1) / (outSize - 1) : 0;
            int i0 = Math.Min((int)src, inSize - 1);
            int i1 = Math.Min(i0 + 1, inSize - 1);
            return (i0, i1, src - i0);
        }
    }

    public static double MaxAbs(IEnumerable<double> values) => values.Max(Math.Abs);
}
