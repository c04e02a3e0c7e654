using System.Globalization;
using Saliency.Core.Data;
using Saliency.Core.IO;
using Saliency.Core.Results;

namespace Saliency.Reporting.Analysis;

/// <summary>
/// The composition of the benchmarked samples themselves (distinct <c>sample</c> values of rows.csv per
/// <c>label</c>), shown next to Table 1 of the whole patch set. Labels <c>0</c>/<c>none</c> read "no defect" and
/// <c>255</c>/<c>multiple</c> "multiple classes"; numeric labels come first in numeric order.
/// </summary>
public static class BenchmarkComposition
{
    public static DatasetComposition FromRows(IReadOnlyList<ResultRow> rows)
    {
        var labels = rows
            .GroupBy(r => r.Sample)
            .Select(g => g.First().Label)
            .GroupBy(NormaliseKey, StringComparer.Ordinal)
            .Select(g => new CompositionEntry(g.Key, DisplayName(g.Key), g.LongCount()))
            .OrderBy(e => SortRank(e.Key))
            .ThenBy(e => e.Key, StringComparer.Ordinal)
            .ToList();
        return new DatasetComposition("benchmarked samples", labels, null);
    }

    private static string NormaliseKey(string label) => label.Trim() switch
    {
        "0" or "none" or "" => "none",
        "255" or "multiple" => "multiple",
        var other => other,
    };

    private static string DisplayName(string key) => key switch
    {
        "none" => "no defect",
        "multiple" => "multiple classes",
        _ when int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out _) => $"class {key}",
        _ => key,
    };

    private static (int, int) SortRank(string key) => key switch
    {
        "none" => (1, 0),
        "multiple" => (2, 0),
        _ when int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var id) => (0, id),
        _ => (3, 0),
    };
}
