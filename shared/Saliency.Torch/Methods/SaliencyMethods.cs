using Saliency.Core;
using Saliency.Core.Methods;

namespace Saliency.Torch.Methods;

/// <summary>
/// The torch implementations of the catalogue's methods (<see cref="MethodCatalogue"/>): name -> constructor. The
/// catalogue validates a variant; the implementation only reads its bound values, so whatever the catalogue (and
/// with it a sweep file) accepts, <see cref="Create(MethodVariant)"/> accepts.
/// </summary>
public static class SaliencyMethods
{
    private static readonly Dictionary<string, Func<ParameterValues, SaliencyMethod>> Implementations =
        new(StringComparer.Ordinal)
        {
            ["VanillaGrad"] = p => new VanillaGrad(p),
            ["SmoothGrad"] = p => new SmoothGrad(p),
            ["DeepLift"] = p => new DeepLift(p),
            ["GradCAM"] = p => new GradCam(p),
            ["GradCAM++"] = p => new GradCamPlusPlus(p),
            ["ScoreCAM"] = p => new ScoreCam(p),
            ["IntegratedGradients"] = p => new IntegratedGradients(p),
        };

    /// <summary>Names of the methods with a torch implementation (the tests check these are exactly the catalogue's).</summary>
    public static IReadOnlyCollection<string> Implemented => Implementations.Keys;

    /// <summary>
    /// Creates a method from a variant after the catalogue has validated it. The created method's
    /// <see cref="SaliencyMethod.Variant"/> has the catalogue's spelling and the given parameters in canonical form.
    /// </summary>
    /// <exception cref="InputException">Unknown method or parameter (listing the valid ones), or a bad value.</exception>
    public static SaliencyMethod Create(MethodVariant variant)
    {
        var values = MethodCatalogue.Bind(variant);
        return Implementations.TryGetValue(values.Method.Name, out var create)
            ? create(values)
            : throw new InvalidOperationException($"{values.Method.Name} is in the catalogue but has no torch implementation");
    }

    /// <summary>Creates a method from a variant id such as <c>SmoothGrad(batched=true,n=50)</c>.</summary>
    public static SaliencyMethod Create(string id) => Create(MethodVariant.Parse(id));

    /// <summary>
    /// Expands a method selection: <c>all</c> (<see cref="MethodCatalogue.AllVariants"/>), <c>paper</c>
    /// (<see cref="MethodCatalogue.PaperVariants"/>), a bare method name (every listed variant of that method, or the
    /// method with defaults when none is listed), or a variant id. Each result is validated.
    /// </summary>
    public static IReadOnlyList<MethodVariant> Select(string selection)
    {
        var text = selection.Trim();
        if (text.Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            return MethodCatalogue.AllVariants;
        }

        if (text.Equals("paper", StringComparison.OrdinalIgnoreCase))
        {
            return MethodCatalogue.PaperVariants;
        }

        var variant = MethodVariant.Parse(text);
        var bound = MethodCatalogue.Bind(variant).Variant;
        if (variant.Parameters.Count > 0)
        {
            return [bound];
        }

        var listed = MethodCatalogue.AllVariants.Where(v => v.Method == bound.Method).ToList();
        return listed.Count > 0 ? listed : [bound];
    }
}
