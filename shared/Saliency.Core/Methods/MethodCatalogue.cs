using Saliency.Core.Methods.Declarations;

namespace Saliency.Core.Methods;

/// <summary>
/// Every saliency method the project knows, in the study's order (which is also the order of their colours in the
/// report), with the study's variant lists. Method names match case-insensitively and are written in the
/// catalogue's spelling. To add a method: declare it in <c>Declarations/</c>, list it here, and give the torch
/// factory (<c>Saliency.Torch.Methods.SaliencyMethods</c>) its implementation; the tests then enrol it everywhere.
/// </summary>
public static class MethodCatalogue
{
    public static IReadOnlyList<MethodDeclaration> Methods { get; } =
    [
        VanillaGradDeclaration.Method,
        SmoothGradDeclaration.Method,
        DeepLiftDeclaration.Method,
        GradCamDeclaration.Method,
        GradCamPlusPlusDeclaration.Method,
        ScoreCamDeclaration.Method,
        IntegratedGradientsDeclaration.Method,
    ];

    /// <summary>
    /// The paper's 14 variants: VanillaGrad; SmoothGrad n = 10/50/100 x batched false/true; DeepLift with zero and
    /// blurred reference; GradCAM; GradCAM++; ScoreCAM batch 1/25/50.
    /// </summary>
    public static IReadOnlyList<MethodVariant> PaperVariants { get; } =
    [
        MethodVariant.Parse("VanillaGrad"),
        .. new[] { 10, 50, 100 }.SelectMany(n => new[] { false, true }.Select(b =>
            MethodVariant.Parse($"SmoothGrad(batched={(b ? "true" : "false")},n={n})"))),
        MethodVariant.Parse("DeepLift(reference=zero)"),
        MethodVariant.Parse("DeepLift(reference=blur)"),
        MethodVariant.Parse("GradCAM"),
        MethodVariant.Parse("GradCAM++"),
        MethodVariant.Parse("ScoreCAM(batch=1)"),
        MethodVariant.Parse("ScoreCAM(batch=25)"),
        MethodVariant.Parse("ScoreCAM(batch=50)"),
    ];

    /// <summary><see cref="PaperVariants"/> plus <c>IntegratedGradients(steps=50)</c> (what <c>all</c> means).</summary>
    public static IReadOnlyList<MethodVariant> AllVariants { get; } =
        [.. PaperVariants, MethodVariant.Parse("IntegratedGradients(steps=50)")];

    /// <summary>The declaration of <paramref name="name"/> (case-insensitive), or null.</summary>
    public static MethodDeclaration? Find(string name) =>
        Methods.FirstOrDefault(m => string.Equals(m.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The declaration of <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="InputException">Unknown method; the message lists the known ones.</exception>
    public static MethodDeclaration Get(string name) =>
        Find(name) ?? throw new InputException(
            $"unknown saliency method '{name}'; known: {string.Join(", ", Methods.Select(m => m.Name))}", field: "method");

    /// <summary>Validates a variant and binds it (catalogue spelling, canonical values).</summary>
    /// <exception cref="InputException">Unknown method or parameter, or a bad value.</exception>
    public static ParameterValues Bind(MethodVariant variant) => Get(variant.Method).Bind(variant.Parameters);

    /// <summary>
    /// The family of a variant: its method and parameters without the batching-only ones. Variants of one family
    /// compute the same maps at different speeds. Unknown methods keep every parameter.
    /// </summary>
    public static MethodVariant Family(MethodVariant variant)
    {
        var method = Find(variant.Method);
        return method is null
            ? variant
            : new MethodVariant(variant.Method, variant.Parameters.Where(p => method.Parameter(p.Key)?.BatchingOnly != true));
    }

    /// <summary>Position of <paramref name="method"/> in <see cref="Methods"/> (case-insensitive), or -1.</summary>
    public static int IndexOf(string method)
    {
        for (int i = 0; i < Methods.Count; i++)
        {
            if (string.Equals(Methods[i].Name, method, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}
