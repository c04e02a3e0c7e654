using TorchSharp;
using static TorchSharp.torch;

namespace Saliency.Torch.Evaluation;

/// <summary>
/// ROAD's noisy linear imputation (Rong et al. 2022; pytorch-grad-cam's <c>NoisyLinearImputer</c>): every channel of
/// the image is imputed separately with the same linear system (<see cref="MaskedLaplaceSolver"/>), then Gaussian
/// noise of standard deviation <c>noise</c> (input units) is added to every imputed value, independently per
/// channel, as the library does (<c>res.t() + noise * randn_like(res.t())</c>). The noise comes from a torch CPU
/// generator the caller seeds, drawn as one C x n tensor (n removed pixels), so it does not depend on the device.
/// Channels with identical values (the repeated greyscale of this project) are solved once.
/// </summary>
public static class NoisyLinearImputer
{
    /// <summary>
    /// The imputed copy of <paramref name="image"/> (C x H x W, row-major, float32): known pixels unchanged,
    /// removed pixels solved and noised. <paramref name="generator"/> may be null when <paramref name="noise"/> is 0.
    /// </summary>
    public static float[] Impute(float[] image, int channels, int height, int width, bool[] removed, double noise, Generator? generator)
    {
        ArgumentNullException.ThrowIfNull(image);
        int plane = height * width;
        if (image.Length != channels * plane)
        {
            throw new ArgumentException($"{image.Length} values for {channels} x {height} x {width}", nameof(image));
        }

        var solver = new MaskedLaplaceSolver(height, width, removed);
        var unknowns = solver.Unknowns;
        var result = (float[])image.Clone();
        var solutions = new double[channels][];
        for (int c = 0; c < channels; c++)
        {
            var values = new ReadOnlySpan<float>(image, c * plane, plane);
            int same = -1;
            for (int d = 0; d < c && same < 0; d++)
            {
                same = values.SequenceEqual(new ReadOnlySpan<float>(image, d * plane, plane)) ? d : -1;
            }

            solutions[c] = same >= 0 ? solutions[same] : solver.Solve(values, out _);
        }

        float[]? draws = null;
        if (noise != 0)
        {
            ArgumentNullException.ThrowIfNull(generator);
            using var scope = NewDisposeScope();
            draws = randn([channels, unknowns.Count], ScalarType.Float32, CPU, generator: generator).data<float>().ToArray();
        }

        for (int c = 0; c < channels; c++)
        {
            for (int k = 0; k < unknowns.Count; k++)
            {
                float value = (float)solutions[c][k];
                result[(c * plane) + unknowns[k]] = draws is null ? value : value + ((float)noise * draws[(c * unknowns.Count) + k]);
            }
        }

        return result;
    }
}
