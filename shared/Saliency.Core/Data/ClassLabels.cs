using System.Globalization;

namespace Saliency.Core.Data;

/// <summary>
/// How a label of Table 1 (and of the benchmarked samples) is shown: <c>none</c> "no defect", <c>multiple</c>
/// "multiple classes", a defect class <c>k</c> "class k" or, where the patch set names its classes with words
/// (NEU-Seg: inclusion, patches, scratches), "class k (name)". Severstal's classes are named by their numbers, so
/// they read "class 1".. "class 4" as in the paper.
/// </summary>
public static class ClassLabels
{
    public static string Display(string key, IReadOnlyList<string>? classNames) => key switch
    {
        "none" => "no defect",
        "multiple" => "multiple classes",
        _ when int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var id) => Class(id, classNames),
        _ => key,
    };

    private static string Class(int id, IReadOnlyList<string>? classNames)
    {
        var key = id.ToString(CultureInfo.InvariantCulture);
        var name = classNames is not null && id >= 1 && id <= classNames.Count ? classNames[id - 1] : null;
        return string.IsNullOrWhiteSpace(name) || name == key ? $"class {key}" : $"class {key} ({name})";
    }
}
