using Saliency.Core;
using Saliency.Core.Benchmark;

namespace Saliency.Torch.Methods;

/// <summary>
/// The registry of saliency methods: names (case-insensitive on lookup, canonical spelling in ids), parameters
/// and the study's variant lists.
/// </summary>
public static class SaliencyMethods
{
    /// <summary>Every registered method, in the study's order.</summary>
    public static IReadOnlyList<MethodDescriptor> Descriptors { get; } =
    [
        VanillaGrad.Descriptor,
        SmoothGrad.Descriptor,
        DeepLift.Descriptor,
        GradCam.Descriptor,
        GradCamPlusPlus.Descriptor,
        ScoreCam.Descriptor,
        IntegratedGradients.Descriptor,
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

    /// <summary>
    /// Every method once or twice, cheap settings: what <c>saliency run --profile quick</c> and <c>sweeps/quick.yaml</c>
    /// benchmark (batched and unbatched SmoothGrad n = 10, both DeepLift references, ScoreCAM batch 25 and 50, IG).
    /// </summary>
    public static IReadOnlyList<MethodVariant> QuickVariants { get; } =
    [
        MethodVariant.Parse("VanillaGrad"),
        MethodVariant.Parse("SmoothGrad(batched=false,n=10)"),
        MethodVariant.Parse("SmoothGrad(batched=true,n=10)"),
        MethodVariant.Parse("DeepLift(reference=zero)"),
        MethodVariant.Parse("DeepLift(reference=blur)"),
        MethodVariant.Parse("GradCAM"),
        MethodVariant.Parse("GradCAM++"),
        MethodVariant.Parse("ScoreCAM(batch=25)"),
        MethodVariant.Parse("ScoreCAM(batch=50)"),
        MethodVariant.Parse("IntegratedGradients(steps=50)"),
    ];

    /// <summary>The descriptor of a method name (case-insensitive).</summary>
    /// <exception cref="InputException">Unknown method; the message lists the known ones.</exception>
    public static MethodDescriptor Describe(string method) =>
        Descriptors.FirstOrDefault(d => string.Equals(d.Name, method.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new InputException(
            $"unknown saliency method '{method}'; known: {string.Join(", ", Descriptors.Select(d => d.Name))}", field: "method");

    /// <summary>
    /// Creates a method from a variant, validating the method name, parameter names and values. The created
    /// method's <see cref="SaliencyMethod.Variant"/> has the canonical method spelling and the given parameters.
    /// </summary>
    /// <exception cref="InputException">Unknown method or parameter (listing the valid ones), or a bad value.</exception>
    public static SaliencyMethod Create(MethodVariant variant)
    {
        var descriptor = Describe(variant.Method);
        var unknown = variant.Parameters.Keys.Where(k => descriptor.Parameters.All(p => p.Name != k)).ToList();
        if (unknown.Count > 0)
        {
            var valid = descriptor.Parameters.Count == 0
                ? "it takes no parameters"
                : $"valid: {string.Join(", ", descriptor.Parameters.Select(p => $"{p.Name} (default {p.Default}: {p.Description})"))}";
            throw new InputException($"{descriptor.Name}: unknown parameter {string.Join(", ", unknown.Select(u => $"'{u}'"))}; {valid}", field: "method");
        }

        var canonical = new MethodVariant(descriptor.Name, variant.Parameters);
        return descriptor.Factory(new VariantParameters(canonical, descriptor.Parameters));
    }

    /// <summary>Creates a method from a variant id such as <c>SmoothGrad(batched=true,n=50)</c>.</summary>
    public static SaliencyMethod Create(string id) => Create(MethodVariant.Parse(id));

    /// <summary>
    /// Expands a method selection: <c>all</c> (<see cref="AllVariants"/>), <c>paper</c> (<see cref="PaperVariants"/>),
    /// <c>quick</c> (<see cref="QuickVariants"/>),
    /// a bare method name (every listed variant of that method, or the method with defaults when none is listed), or
    /// a variant id. Each result is validated by <see cref="Create(MethodVariant)"/>.
    /// </summary>
    public static IReadOnlyList<MethodVariant> Select(string selection)
    {
        var text = selection.Trim();
        if (text.Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            return AllVariants;
        }

        if (text.Equals("paper", StringComparison.OrdinalIgnoreCase))
        {
            return PaperVariants;
        }

        if (text.Equals("quick", StringComparison.OrdinalIgnoreCase))
        {
            return QuickVariants;
        }

        var variant = MethodVariant.Parse(text);
        var method = Create(variant);
        if (variant.Parameters.Count > 0)
        {
            return [method.Variant];
        }

        var listed = AllVariants.Where(v => v.Method == method.Name).ToList();
        return listed.Count > 0 ? listed : [method.Variant];
    }
}
