namespace Saliency.Core.Methods.Declarations;

/// <summary>
/// Integrated Gradients (Sundararajan et al. 2017) from the black baseline: <see cref="Steps"/> quadrature points,
/// <see cref="Batch"/> of them per pass (ceil(steps / batch) passes each way).
/// </summary>
public static class IntegratedGradientsDeclaration
{
    public static MethodParameter Steps { get; } =
        MethodParameter.Integer("steps", 50, 1, 100_000, "number of quadrature points");

    public static MethodParameter Batch { get; } =
        MethodParameter.Integer("batch", 50, 1, 100_000, "path points per pass (capped at steps)", batchingOnly: true);

    public static MethodDeclaration Method { get; } = new(
        "IntegratedGradients",
        "path integral of gradients from a black baseline (Gauss-Legendre)",
        [Steps, Batch],
        p =>
        {
            int steps = p.Int(Steps);
            int passes = (steps + Math.Min(p.Int(Batch), steps) - 1) / Math.Min(p.Int(Batch), steps);
            return new MethodCost(passes, steps, passes, steps);
        });
}
