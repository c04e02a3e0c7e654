namespace Saliency.Core.Methods.Declarations;

/// <summary>
/// SmoothGrad (Smilkov et al. 2017): the mean gradient over <see cref="N"/> noisy copies. Unbatched: n passes of one
/// input each way; batched: one pass of n inputs each way (same seed, same noise, same map).
/// </summary>
public static class SmoothGradDeclaration
{
    public static MethodParameter N { get; } =
        MethodParameter.Integer("n", 50, 1, 100_000, "number of noisy samples");

    public static MethodParameter Batched { get; } =
        MethodParameter.Boolean("batched", false, "true: all n samples in one batch; false: one pass per sample", batchingOnly: true);

    public static MethodParameter Noise { get; } =
        MethodParameter.Real("noise", 0.02, 0, 10, "noise standard deviation as a fraction of the input's value range (max - min)", minExclusive: true);

    public static MethodParameter Seed { get; } =
        MethodParameter.Integer("seed", 0, 0, int.MaxValue, "seed of the noise generator");

    public static MethodDeclaration Method { get; } = new(
        "SmoothGrad",
        "mean gradient over n noisy copies of the input",
        [N, Batched, Noise, Seed],
        p =>
        {
            int n = p.Int(N);
            return p.Bool(Batched) ? new MethodCost(1, n, 1, n) : new MethodCost(n, n, n, n);
        });
}
