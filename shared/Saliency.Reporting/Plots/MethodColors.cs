namespace Saliency.Reporting.Plots;

/// <summary>
/// One colour per method, the same in every plot (Category10 palette): the study's methods in its order
/// (VanillaGrad, SmoothGrad, DeepLift, GradCAM, GradCAM++, ScoreCAM) take the first six colours, other methods the
/// following ones in the order they are first asked for.
/// </summary>
public sealed class MethodColors
{
    private static readonly string[] StudyOrder = ["VanillaGrad", "SmoothGrad", "DeepLift", "GradCAM", "GradCAM++", "ScoreCAM"];
    private readonly ScottPlot.Palettes.Category10 _palette = new();
    private readonly Dictionary<string, int> _others = new(StringComparer.OrdinalIgnoreCase);

    public ScottPlot.Color Of(string method)
    {
        int index = Array.FindIndex(StudyOrder, m => m.Equals(method, StringComparison.OrdinalIgnoreCase));
        if (index < 0)
        {
            if (!_others.TryGetValue(method, out index))
            {
                index = StudyOrder.Length + _others.Count;
                _others[method] = index;
            }
        }

        return _palette.GetColor(index % _palette.Colors.Length);
    }
}
