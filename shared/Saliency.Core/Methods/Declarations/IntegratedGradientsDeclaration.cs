namespace Saliency.Core.Methods.Declarations;

/// <summary>
/// Integrated Gradients (Sundararajan et al. 2017) from the black baseline: <see cref="Steps"/> quadrature points
/// by <see cref="Rule"/>, <see cref="Batch"/> of them per pass (ceil(steps / batch) passes each way).
/// </summary>
public static class IntegratedGradientsDeclaration
{
    /// <summary>Gauss-Legendre nodes and weights on [0, 1] (Captum's default).</summary>
    public const string GaussLegendreRule = "gauss-legendre";

    /// <summary>The composite trapezoid rule: nodes k / (steps - 1), weights 1 / (steps - 1), halved at both ends (sum 1).</summary>
    public const string TrapezoidRule = "trapezoid";

    /// <summary>Captum 0.7.0's <c>riemann_trapezoid</c>: the trapezoid's nodes, but weights 1 / steps halved at both ends (sum 1 - 1 / steps).</summary>
    public const string CaptumTrapezoidRule = "captum-trapezoid";

    public static MethodParameter Steps { get; } =
        MethodParameter.Integer("steps", 50, 2, 100_000, "number of quadrature points (the trapezoid rules evaluate both ends of the path)");

    public static MethodParameter Batch { get; } =
        MethodParameter.Integer("batch", 50, 1, 100_000, "path points per pass (capped at steps)", batchingOnly: true);

    public static MethodParameter Rule { get; } =
        MethodParameter.Choice("rule", GaussLegendreRule, [GaussLegendreRule, TrapezoidRule, CaptumTrapezoidRule],
            "quadrature: gauss-legendre, trapezoid (composite, weights sum to 1), or captum-trapezoid (Captum 0.7.0's riemann_trapezoid, weights sum to 1 - 1/steps)");

    public static MethodDeclaration Method { get; } = new(
        "IntegratedGradients",
        "path integral of gradients from a black baseline (Gauss-Legendre or trapezoid quadrature)",
        [Steps, Batch, Rule],
        p =>
        {
            int steps = p.Int(Steps);
            int passes = (steps + Math.Min(p.Int(Batch), steps) - 1) / Math.Min(p.Int(Batch), steps);
            return new MethodCost(passes, steps, passes, steps);
        });
}
