using System.Globalization;
using Saliency.Core.Data;
using Saliency.Core.IO;
using Saliency.Core.Results;

namespace Saliency.Reporting.Analysis;

/// <summary>
/// The composition of the benchmarked samples themselves (distinct <c>sample</c> values of rows.csv per
/// <c>label</c>), shown next to Table 1 of the whole patch set. Labels <c>0</c>/<c>none</c> read "no defect" and
/// <c>255</c>/<c>multiple</c> "multiple classes", classes as <see cref="ClassLabels"/> names them; numeric labels
/// come first in numeric order.
/// </summary>
public static class BenchmarkComposition
{
    /// <param name="classNames">The patch set's class names (from its Table 1), or null.</param>
    public static DatasetComposition FromRows(IReadOnlyList<ResultRow> rows, IReadOnlyList<string>? classNames = null)
    {
        var labels = rows
            .GroupBy(r => r.Sample)
            .Select(g => g.First().Label)
            .GroupBy(NormaliseKey, StringComparer.Ordinal)
            .Select(g => new CompositionEntry(g.Key, ClassLabels.Display(g.Key, classNames), g.LongCount()))
            .OrderBy(e => SortRank(e.Key))
            .ThenBy(e => e.Key, StringComparer.Ordinal)
            .ToList();
        return new DatasetComposition("benchmarked samples", labels, null, classNames);
    }

    private static string NormaliseKey(string label) => label.Trim() switch
    {
        "0" or "none" or "" => "none",
        "255" or "multiple" => "multiple",
        var other => other,
    };

    private static (int, int) SortRank(string key) => key switch
    {
        "none" => (1, 0),
        "multiple" => (2, 0),
        _ when int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var id) => (0, id),
        _ => (3, 0),
    };
}
