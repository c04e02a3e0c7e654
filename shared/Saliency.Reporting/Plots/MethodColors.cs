using Saliency.Core.Methods;

namespace Saliency.Reporting.Plots;

/// <summary>
/// One colour per method, the same in every plot (Category10 palette): the catalogue's methods in its order
/// (<see cref="MethodCatalogue.Methods"/>: the study's VanillaGrad, SmoothGrad, DeepLift, GradCAM, GradCAM++,
/// ScoreCAM, then the others) take the palette's colours in turn; a method the catalogue does not know (results of
/// another tool) takes the next free colour in the order it is first asked for.
/// </summary>
public sealed class MethodColors
{
    private readonly ScottPlot.Palettes.Category10 _palette = new();
    private readonly Dictionary<string, int> _others = new(StringComparer.OrdinalIgnoreCase);

    public ScottPlot.Color Of(string method)
    {
        int index = MethodCatalogue.IndexOf(method);
        if (index < 0 && !_others.TryGetValue(method, out index))
        {
            index = MethodCatalogue.Methods.Count + _others.Count;
            _others[method] = index;
        }

        return _palette.GetColor(index % _palette.Colors.Length);
    }
}
